import Foundation

/// The reading half of an import, without a database: opens a CSV file, checks its header against the kind's
/// required columns, and turns each record into a validated row or a rejection with the line it starts on.
/// ``CSVImporter`` writes what it yields; the fuzz target (fuzz/csv) drives it on arbitrary bytes.
///
/// ```swift
/// var reader = try ImportReader(path: "orders.csv", kind: .orders)
/// while let record = try reader.next(references: references) { … }
/// try reader.finish()  // a file that stops being readable part-way fails here
/// ```
struct ImportReader {
    /// One record of the file, after validation.
    enum Record {
        case row(ParsedRow, line: Int)
        case rejected(reason: String, line: Int, fields: [String])
    }

    let path: String
    let kind: ImportKind
    /// The header, trimmed, lower-cased, without a byte-order mark.
    let header: [String]
    /// Bytes of the file read so far, and its size when known (for progress).
    var bytesRead: Int { reader.bytesRead }
    let fileSize: Int?
    private let reader: CSVRecordReader
    private let columns: [String: Int]
    private let limitsByPosition: [Int]
    /// Why reading stopped before the end of the file, reported by ``finish()``.
    private var failure: ImportError?

    init(path: String, kind: ImportKind) throws(ImportError) {
        self.path = path
        self.kind = kind
        guard let reader = CSVRecordReader(path: path) else { throw .cannotOpen(path: path) }
        self.reader = reader
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber
        fileSize = size?.intValue
        var header: [String] = []
        do {
            if try reader.next() {
                guard let fields = reader.strings() else {
                    throw ImportError.notUTF8(path: path, line: reader.firstInvalidUTF8Line() ?? 1)
                }
                header = fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            }
        } catch let error as ImportError {
            throw error
        } catch let error as CSVRecordReader.Failure {
            throw .unreadableHeader(path: path, detail: Self.detail(error))
        } catch {
            throw .unreadableHeader(path: path, detail: "\(error)")
        }
        let missing = kind.requiredColumns.filter { !header.contains($0) }
        guard missing.isEmpty else {
            throw .missingColumns(path: path, columns: missing, header: header)
        }
        var columns: [String: Int] = [:]
        for (index, name) in header.enumerated() where columns[name] == nil { columns[name] = index }
        self.header = header
        self.columns = columns
        limitsByPosition = kind.limitsByPosition(header: header)
    }

    /// The next non-blank record, or nil at the end of the file or where it stops being readable (then
    /// ``finish()`` says why).
    mutating func next(references: ImportReferences) -> Record? {
        while true {
            do {
                guard try reader.next() else { return nil }
            } catch {
                failure = .malformedFile(path: path, line: reader.recordLine, detail: Self.detail(error))
                return nil
            }
            if reader.fieldCount == 0 { continue }  // blank line
            guard let fields = reader.strings() else {
                // Stop before the record: the file must be converted, not partly imported with damaged text.
                failure = .notUTF8(path: path, line: reader.firstInvalidUTF8Line() ?? reader.recordLine)
                return nil
            }
            let line = reader.recordLine
            if fields.count == 1 && fields[0].isEmpty { continue }  // a line holding only `""`
            if fields.count != header.count {
                return .rejected(
                    reason: "expected \(header.count) fields, found \(fields.count)", line: line, fields: fields)
            }
            do {
                // Duplicate ids, in the file or already stored, are skipped by the write itself.
                let record = ImportRecord(fields: fields, columns: columns, limitsByPosition: limitsByPosition)
                let row = try kind.parse(record, references: references)
                return .row(row, line: line)
            } catch {
                return .rejected(reason: error.reason, line: line, fields: fields)
            }
        }
    }

    /// After ``next(references:)`` returned nil: throws when the file ended because it could not be read on.
    func finish() throws(ImportError) {
        if let failure { throw failure }
    }

    private static func detail(_ failure: CSVRecordReader.Failure) -> String {
        switch failure {
        case .unreadable(let code):
            return "read failed: \(String(cString: strerror(code)))"
        case .recordTooLong(let line):
            return "the record starting on line \(line) is over \(CSVRecordReader.defaultMaxRecordBytes >> 20) MiB; "
                + "is a quote left open?"
        }
    }
}
