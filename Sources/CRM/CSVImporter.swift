import Foundation
import GRDB
import Replica

/// Streams a CSV file into the replica: records are read one at a time, validated, and written in batches,
/// each batch one transaction with its captured changes. A bad record is rejected with its line number and
/// reason (and copied to the rejects file); the good ones are kept. Re-running an import changes nothing.
public struct CSVImporter {
    public var kind: ImportKind
    public var batchSize = 5_000
    /// Where rejected records go, as CSV: `line,reason,` then the original fields (see ``OutputFile``).
    public var rejectsPath: String?
    /// Whether an existing file at ``rejectsPath`` may be replaced (`--force`).
    public var replacesRejects = false
    /// A directory the rejects file must not be in: the node's.
    public var protectedDirectory: String?
    /// Called with the number of records read so far, every `progressInterval` records.
    public var progress: ((Int) -> Void)?
    public var progressInterval = 10_000
    /// How many rejections the summary keeps in memory.
    public var rejectionSampleLimit = 100
    /// Whether a customer outside the node's region scope is rejected (the command line sets it: an office's
    /// peers would refuse such a row).
    public var enforcesScope = false

    public init(kind: ImportKind) { self.kind = kind }

    public func run(file path: String, into replica: Replica) throws(ImportError) -> ImportSummary {
        var source = try ImportReader(path: path, kind: kind)
        var summary = ImportSummary(file: (path as NSString).lastPathComponent, table: kind.table.name)
        var rejects: RejectsFile?
        if let rejectsPath {
            do {
                rejects = try RejectsFile(
                    path: rejectsPath, header: source.header, replacing: replacesRejects,
                    protecting: protectedDirectory)
            } catch {
                throw .cannotWriteRejects(path: rejectsPath, detail: "\(error)")
            }
        }
        let references: ImportReferences
        do {
            let scope = enforcesScope ? replica.identity.scope : .all
            references = try replica.reader.read { db in try ImportReferences.load(for: kind, db, scope: scope) }
        } catch {
            throw .database(detail: "\(error)")
        }

        // Until it is complete, a failed import leaves no rejects file behind.
        defer { rejects?.discard() }
        var pending: [ParsedRow] = []
        pending.reserveCapacity(batchSize)
        while let record = source.next(references: references) {
            summary.read += 1
            switch record {
            case .row(let row, _):
                pending.append(row)
                if pending.count >= batchSize {
                    try flush(&pending, into: replica, summary: &summary)
                }
            case .rejected(let reason, let line, let fields):
                summary.rejected += 1
                if summary.rejections.count < rejectionSampleLimit {
                    summary.rejections.append(.init(line: line, reason: reason))
                }
                do {
                    try rejects?.write(line: line, reason: reason, fields: fields)
                } catch {
                    throw .cannotWriteRejects(path: rejectsPath ?? "", detail: "\(error)")
                }
            }
            if summary.read % progressInterval == 0 { progress?(summary.read) }
        }
        // The rows read before a bad spot are kept, as the error message says, and so are their rejections.
        try flush(&pending, into: replica, summary: &summary)
        do {
            try rejects?.close()
        } catch {
            throw .cannotWriteRejects(path: rejectsPath ?? "", detail: "\(error)")
        }
        try source.finish()
        return summary
    }

    private func flush(_ rows: inout [ParsedRow], into replica: Replica, summary: inout ImportSummary)
        throws(ImportError)
    {
        guard !rows.isEmpty else { return }
        let table = kind.table
        do {
            let counts = try replica.write(action: "import") { writer -> (Int, Int, Int, Int) in
                var (imported, updated, unchanged, skipped) = (0, 0, 0, 0)
                for row in rows {
                    switch row {
                    case .append(let id, let values):
                        if try writer.append(table, id: id, values: values) { imported += 1 } else { skipped += 1 }
                    case .mutable(let key, let values):
                        switch try writer.upsert(table, key: key, values: values) {
                        case .inserted: imported += 1
                        case .updated: updated += 1
                        case .unchanged: unchanged += 1
                        }
                    }
                }
                return (imported, updated, unchanged, skipped)
            }
            summary.imported += counts.0
            summary.updated += counts.1
            summary.unchanged += counts.2
            summary.skipped += counts.3
        } catch {
            throw .database(detail: "\(error)")
        }
        rows.removeAll(keepingCapacity: true)
    }
}
