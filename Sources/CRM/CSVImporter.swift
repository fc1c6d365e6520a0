import CSV
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

    public init(kind: ImportKind) { self.kind = kind }

    public func run(file path: String, into replica: Replica) throws(ImportError) -> ImportSummary {
        guard let stream = InputStream(fileAtPath: path) else { throw .cannotOpen(path: path) }
        // CSV.swift reads the header before it starts recording errors, so a bad byte there would go unnoticed.
        if let line = UTF8Validation.firstInvalidLine(inFileAt: path, within: 1) {
            throw .notUTF8(path: path, line: line)
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: true)
        } catch {
            throw .unreadableHeader(path: path, detail: "\(error)")
        }
        let header = (reader.headerRow ?? []).enumerated().map { index, name in
            // Spreadsheet exports often start with a byte-order mark.
            let trimmed = name.trimmingCharacters(in: .whitespaces).lowercased()
            return index == 0 && trimmed.hasPrefix("\u{FEFF}") ? String(trimmed.dropFirst()) : trimmed
        }
        let missing = kind.requiredColumns.filter { !header.contains($0) }
        guard missing.isEmpty else {
            throw .missingColumns(path: path, columns: missing, header: header)
        }
        var columns: [String: Int] = [:]
        for (index, name) in header.enumerated() where columns[name] == nil { columns[name] = index }

        var summary = ImportSummary(file: (path as NSString).lastPathComponent, table: kind.table.name)
        var rejects: RejectsFile?
        if let rejectsPath {
            do {
                rejects = try RejectsFile(
                    path: rejectsPath, header: header, replacing: replacesRejects, protecting: protectedDirectory)
            } catch {
                throw .cannotWriteRejects(path: rejectsPath, detail: "\(error)")
            }
        }
        let references: ImportReferences
        do {
            references = try replica.reader.read { db in try ImportReferences.load(for: kind, db) }
        } catch {
            throw .database(detail: "\(error)")
        }

        // Until it is complete, a failed import leaves no rejects file behind.
        defer { rejects?.discard() }
        var pending: [ParsedRow] = []
        pending.reserveCapacity(batchSize)
        var line = 2  // the header is line 1
        func reject(_ reason: String, at line: Int, fields: [String]) throws(ImportError) {
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
        while let fields = reader.next() {
            // A decoding error ends the record early, so these fields are cut short: stop before using them.
            if case CSVError.unicodeDecoding? = reader.error { break }
            let start = line
            line += 1 + fields.reduce(0) { $0 + $1.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
            if fields.count == 1 && fields[0].isEmpty { continue }  // blank line
            summary.read += 1
            if fields.count != header.count {
                try reject(
                    "expected \(header.count) fields, found \(fields.count)", at: start, fields: fields)
                continue
            }
            do {
                // Duplicate ids, in the file or already stored, are skipped by the write itself.
                pending.append(try kind.parse(ImportRecord(fields: fields, columns: columns), references: references))
            } catch {
                try reject(error.reason, at: start, fields: fields)
            }
            if pending.count >= batchSize {
                try flush(&pending, into: replica, summary: &summary)
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
        switch reader.error {
        case nil, CSVError.cannotReadFile?:
            // On Linux a file stream reports bytes available at its end, so CSV.swift's reader ends every
            // file with cannotReadFile; real read failures arrive as streamErrorHasOccurred.
            break
        case CSVError.unicodeDecoding?:
            // The reader cannot say where; find the physical line of the first bad byte.
            throw .notUTF8(path: path, line: UTF8Validation.firstInvalidLine(inFileAt: path) ?? line)
        case let error?:
            throw .malformedFile(path: path, line: line, detail: "\(error)")
        }
        return summary
    }

    private func flush(_ rows: inout [ParsedRow], into replica: Replica, summary: inout ImportSummary)
        throws(ImportError)
    {
        guard !rows.isEmpty else { return }
        let table = kind.table
        do {
            let counts = try replica.write { writer -> (Int, Int, Int, Int) in
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
