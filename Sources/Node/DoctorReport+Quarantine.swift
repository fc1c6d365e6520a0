import CRM
import GRDB
import Sync

/// The `quarantine` check of `outpost doctor`: changes this node holds that are too large to replicate.
extension DoctorReport {
    static func quarantine(_ db: Database) throws -> [DoctorFinding] {
        let records = try PeerBook.quarantined(db, tables: NodeTables.replicated)
        guard !records.isEmpty else { return [] }
        return [
            DoctorFinding(
                severity: .error, check: "quarantine",
                message: "\(QuarantineSummary.text(records)): peers do not get these values",
                fix: "for a field, shorten it on this node (`outpost customer update ID --name …`); for a whole "
                    + "row `(row)`, delete it and add it again with shorter values (`outpost customer delete ID`, "
                    + "`customer add ID …`): the new change supersedes the quarantined one and replicates")
        ]
    }
}

/// How `status` and `doctor` name quarantined changes.
enum QuarantineSummary {
    /// `2 changes too large to replicate (customers/C1 name 8.0 MB, …)`.
    static func text(_ records: [PeerBook.QuarantineRecord]) -> String {
        let examples = records.prefix(3).map { "\($0.table)/\($0.row) \($0.column) \(Readable.bytes(Int64($0.bytes)))" }
        let more = records.count > 3 ? ", …" : ""
        return "\(Readable.count(records.count)) change\(records.count == 1 ? "" : "s") too large to replicate "
            + "(\(examples.joined(separator: ", "))\(more))"
    }

    static func json(_ records: [PeerBook.QuarantineRecord]) -> JSONValue {
        .array(
            records.map { record in
                .object([
                    "table": .string(record.table), "row": .string(record.row), "column": .string(record.column),
                    "bytes": .integer(Int64(record.bytes)), "seq": .integer(Int64(bitPattern: record.seq)),
                    "reason": .string(record.reason), "at": .string(record.at),
                ])
            })
    }
}
