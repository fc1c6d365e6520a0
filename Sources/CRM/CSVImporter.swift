import Foundation
import GRDB
import Replica

/// Streams a CSV file into the replica: records are read and validated on a thread of their own, a few thousand
/// ahead, and written in batches of ``batchSize`` rows, each batch one transaction with its captured changes. A bad record is rejected with its line number and
/// reason (and copied to the rejects file); the good ones are kept. Re-running an import changes nothing.
public struct CSVImporter {
    public var kind: ImportKind
    public var batchSize = 50_000
    /// Where rejected records go, as CSV: `line,reason,` then the original fields (see ``OutputFile``).
    public var rejectsPath: String?
    /// Whether an existing file at ``rejectsPath`` may be replaced (`--force`).
    public var replacesRejects = false
    /// A directory the rejects file must not be in: the node's.
    public var protectedDirectory: String?
    /// Called every `progressInterval` records with how far the import is: records read, bytes of the file read,
    /// and the file's size when known (for a rate and an estimate of the time left).
    public var progress: ((ImportProgress) -> Void)?
    public var progressInterval = 10_000
    /// How many rejections the summary keeps in memory.
    public var rejectionSampleLimit = 100
    /// Whether a customer outside the node's region scope is rejected (the command line sets it: an office's
    /// peers would refuse such a row).
    public var enforcesScope = false

    public init(kind: ImportKind) { self.kind = kind }

    public func run(file path: String, into replica: Replica) throws(ImportError) -> ImportSummary {
        let source = try ImportReader(path: path, kind: kind)
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
        // Reading and validating run on a thread of their own, a few thousand records ahead of the writes.
        let fileSize = source.fileSize
        let handOff = RecordHandOff(capacity: 4)
        let reading = Unshared(consume source)
        Thread.detachNewThread { Self.read(reading.take(), references: references, into: handOff) }
        defer { handOff.finish() }
        // Each transaction takes records straight from the hand-off until it holds `batchSize` rows, so rows are
        // not gathered in memory first; rejections go to the rejects file as they come, in file order.
        var waiting = RecordHandOff.Chunk(records: [], bytesRead: 0)
        var next = 0
        var ended = false
        let table = kind.table
        while !ended {
            do {
                try replica.write(action: "import") { writer in
                    var rows = 0
                    while rows < batchSize {
                        if next == waiting.records.count {
                            guard let chunk = handOff.receive() else {
                                ended = true
                                return
                            }
                            waiting = chunk
                            next = 0
                        }
                        let record = waiting.records[next]
                        next += 1
                        summary.read += 1
                        switch record {
                        case .row(.append(let id, let values), _):
                            if try writer.append(table, id: id, values: values) {
                                summary.imported += 1
                            } else {
                                summary.skipped += 1
                            }
                            rows += 1
                        case .row(.mutable(let key, let values), _):
                            switch try writer.upsert(table, key: key, values: values) {
                            case .inserted: summary.imported += 1
                            case .updated: summary.updated += 1
                            case .unchanged: summary.unchanged += 1
                            }
                            rows += 1
                        case .rejected(let reason, let line, let fields):
                            try reject(line: line, reason: reason, fields: fields, to: rejects, in: &summary)
                        }
                        if summary.read % progressInterval == 0 {
                            progress?(
                                ImportProgress(
                                    records: summary.read, bytesRead: waiting.bytesRead, fileSize: fileSize))
                        }
                    }
                }
            } catch let error as ImportError {
                throw error
            } catch {
                throw .database(detail: "\(error)")
            }
        }
        // The rows read before a bad spot are kept, as the error message says, and so are their rejections.
        do {
            try rejects?.close()
        } catch {
            throw .cannotWriteRejects(path: rejectsPath ?? "", detail: "\(error)")
        }
        if let failure = handOff.readFailure { throw failure }
        return summary
    }

    private func reject(
        line: Int, reason: String, fields: [String], to rejects: RejectsFile?, in summary: inout ImportSummary
    ) throws(ImportError) {
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

    /// The reading thread: validated records in chunks, until the file ends or the writer stops taking them.
    private static func read(_ source: ImportReader, references: ImportReferences, into handOff: RecordHandOff) {
        var source = source
        let chunkSize = 1_000
        var ended = false
        while !ended {
            var records: [ImportReader.Record] = []
            records.reserveCapacity(chunkSize)
            while records.count < chunkSize {
                guard let record = source.next(references: references) else {
                    ended = true
                    break
                }
                records.append(record)
            }
            if !records.isEmpty && !handOff.send(.init(records: records, bytesRead: source.bytesRead)) { break }
        }
        do {
            try source.finish()
            handOff.close(failure: nil)
        } catch {
            handOff.close(failure: error)
        }
    }
}

/// A value handed from one thread to another and never touched again by the first: the import's reader, which
/// owns an open file and is not `Sendable`.
///
/// `@unchecked Sendable`: `take()` is called exactly once, by the receiving thread, and the creating thread keeps
/// no other reference to the value, so it is never used from two threads.
private final class Unshared<Value>: @unchecked Sendable {
    private var value: Value?
    init(_ value: Value) { self.value = value }

    func take() -> Value {
        defer { value = nil }
        return value!
    }
}
