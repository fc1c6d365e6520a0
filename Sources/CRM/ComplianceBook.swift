import GRDB
import Replica

/// The compliance record of a replica: violations are recorded (by hand or imported) and listed; the
/// qualification gate of the star programme reads them through ``violations(before:)``.
public struct ComplianceBook {
    public let replica: Replica

    public init(replica: Replica) { self.replica = replica }

    /// Records a violation of an existing customer. Returns it and whether it was new: the same customer, day,
    /// kind and note recorded again adds nothing.
    public func record(customer: String, kind: String, at: String, note: String?) throws -> (
        violation: ComplianceViolation, added: Bool
    ) {
        let kind = kind.lowercased()
        guard CRMVocabulary.violationKinds.contains(kind) else { throw ComplianceError.invalidKind(kind) }
        guard let day = CalendarDay(at) else { throw ComplianceError.invalidDate(at) }
        let note = note.flatMap { $0.isEmpty ? nil : $0 }
        if let note, note.utf8.count > CRMVocabulary.maxDescriptionBytes {
            throw ComplianceError.noteTooLong(bytes: note.utf8.count, limit: CRMVocabulary.maxDescriptionBytes)
        }
        let violation = ComplianceViolation(customerID: customer, kind: kind, at: day, note: note)
        let scope = replica.identity.scope
        let added = try replica.write { writer in
            let known = try writer.read { try ScopeError.heldCustomer(customer, $0, scope: scope) }
            guard known else { throw ComplianceError.unknownCustomer(customer) }
            return try writer.append(
                .complianceViolations, id: violation.id,
                values: [
                    customer.databaseValue, kind.databaseValue, day.description.databaseValue,
                    note?.databaseValue ?? .null,
                ])
        }
        return (violation, added)
    }

    /// Violations, oldest first, optionally of one customer and on or after a day.
    public func list(customer: String? = nil, since: CalendarDay? = nil) throws -> [ComplianceViolation] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let customer {
            conditions.append("customer_id = ?")
            arguments += [customer]
        }
        if let since {
            conditions.append("at >= ?")
            arguments += [since.description]
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try replica.reader.read { db in
            try Self.fetch(
                db, sql: "SELECT * FROM compliance_violations \(filter) ORDER BY at, customer_id, id", arguments)
        }
    }

    /// Every violation before `day` (on an earlier day), by customer, oldest first.
    public func violations(before day: CalendarDay) throws -> [String: [ComplianceViolation]] {
        try replica.reader.read { db in try Self.violations(db, before: day) }
    }

    static func violations(_ db: Database, before day: CalendarDay) throws -> [String: [ComplianceViolation]] {
        let all = try fetch(
            db, sql: "SELECT * FROM compliance_violations WHERE at < ? ORDER BY at, id", [day.description])
        return Dictionary(grouping: all, by: \.customerID)
    }

    private static func fetch(_ db: Database, sql: String, _ arguments: StatementArguments) throws
        -> [ComplianceViolation]
    {
        try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap { row in
            // Values were checked on the way in (import, CLI, receipt); a row that still fails is skipped.
            guard let customer = row["customer_id"] as String?, let kind = row["kind"] as String?,
                let text = row["at"] as String?, let day = CalendarDay(text)
            else { return nil }
            return ComplianceViolation(id: row["id"], customerID: customer, kind: kind, at: day, note: row["note"])
        }
    }
}
