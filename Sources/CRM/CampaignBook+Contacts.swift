import Foundation
import GRDB
import Replica

/// What `campaign contact --import` did: rows recorded, and each rejected row's line and reason.
public struct ContactImportSummary: Sendable, Equatable {
    public var recorded = 0
    /// Rows left blank (no outcome yet), as in a call list exported before every call was made.
    public var skipped = 0
    public var rejected: [(line: Int, reason: String)] = []

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.recorded == rhs.recorded && lhs.rejected.map(\.line) == rhs.rejected.map(\.line)
            && lhs.rejected.map(\.reason) == rhs.rejected.map(\.reason)
    }
}

extension CampaignBook {
    /// Columns of a contacts file; `note` is optional.
    public static let contactColumns = ["customer_id", "outcome", "note"]

    /// Records the contacts of a CSV file with header `customer_id,outcome[,note]` (other columns are ignored, so a
    /// call list from ``callListQuery(_:)`` filled in comes back as it is), in one transaction; a row without an
    /// outcome is skipped. A row that
    /// cannot be recorded (a missing field, an unknown outcome, a control member, a customer not in the campaign)
    /// is rejected with its line number; the good rows are kept.
    public func importContacts(_ id: String, file path: String) throws -> ContactImportSummary {
        let campaign = try existing(id)
        guard campaign.launchedOn != nil else { throw CampaignError.notLaunched(id) }
        guard let reader = CSVRecordReader(path: path) else { throw ImportError.cannotOpen(path: path) }
        func fields() throws -> [String] {
            guard let fields = reader.strings() else {
                throw ImportError.notUTF8(path: path, line: reader.firstInvalidUTF8Line() ?? reader.recordLine)
            }
            return fields
        }
        var header: [String] = []
        var rows: [(line: Int, fields: [String])] = []
        do {
            if try reader.next() { header = try fields().map { $0.trimmingCharacters(in: .whitespaces).lowercased() } }
            while try reader.next() {
                let fields = try fields()
                if fields.isEmpty || (fields.count == 1 && fields[0].isEmpty) { continue }  // blank line
                rows.append((reader.recordLine, fields))
            }
        } catch let failure as CSVRecordReader.Failure {
            throw ImportError.malformedFile(path: path, line: reader.recordLine, detail: "\(failure)")
        }
        let missing = ["customer_id", "outcome"].filter { !header.contains($0) }
        guard missing.isEmpty else { throw ImportError.missingColumns(path: path, columns: missing, header: header) }
        let customerColumn = header.firstIndex(of: "customer_id")!
        let outcomeColumn = header.firstIndex(of: "outcome")!
        let noteColumn = header.firstIndex(of: "note")
        var summary = ContactImportSummary()
        try replica.write { writer in
            for (line, fields) in rows {
                guard fields.count == header.count else {
                    summary.rejected.append((line, "\(fields.count) fields where the header has \(header.count)"))
                    continue
                }
                let customer = fields[customerColumn].trimmingCharacters(in: .whitespaces)
                guard !customer.isEmpty else {
                    summary.rejected.append((line, "customer_id is empty"))
                    continue
                }
                let outcome = fields[outcomeColumn].trimmingCharacters(in: .whitespaces).lowercased()
                if outcome.isEmpty {
                    summary.skipped += 1
                    continue
                }
                do {
                    let values = try Self.contactValues(
                        outcome: outcome,
                        note: noteColumn.map { fields[$0] })
                    try Self.recordContact(writer, campaign: id, customer: customer, values: values)
                    summary.recorded += 1
                } catch let error as CampaignError {
                    summary.rejected.append((line, error.description))
                }
            }
        }
        return summary
    }
}

extension CampaignBook {
    /// SQL and columns of the call list (see ``callList(_:)``), for `campaign export`: target members in this
    /// node's scope, with blank `outcome` and `note` columns to fill in and import back.
    public func callListQuery(_ id: String) throws -> (sql: String, arguments: StatementArguments, columns: [String]) {
        let campaign = try existing(id)
        guard campaign.launchedOn != nil else { throw CampaignError.notLaunched(id) }
        let identity = replica.identity
        var sql = """
            SELECT m.customer_id, c.name, c.owner, c.phone, c.region, c.district, c.address, '' AS outcome, '' AS note
            FROM campaign_members m LEFT JOIN customers c ON c.id = m.customer_id
            WHERE m.campaign_id = ? AND m.member_group = 'target'
            """
        var arguments: StatementArguments = [id]
        if case .regions(let names) = identity.scope {
            sql += " AND c.region IN (\(Array(repeating: "?", count: names.count).joined(separator: ", ")))"
            for name in names.sorted() { arguments += [name] }
        }
        return (
            sql + " ORDER BY m.customer_id", arguments,
            ["customer_id", "name", "owner", "phone", "region", "district", "address", "outcome", "note"]
        )
    }
}
