import CSV
import Foundation

/// The reading half of an import, without a database: opens a CSV file, checks its header against the kind's
/// required columns, and turns each record into a validated row or a rejection with the physical line it starts
/// on. ``CSVImporter`` writes what it yields; the fuzz target (fuzz/csv) drives it on arbitrary bytes.
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
    /// The line the next record starts on (the header is line 1).
    private(set) var line = 2
    private let reader: CSVReader
    private let columns: [String: Int]

    init(path: String, kind: ImportKind) throws(ImportError) {
        self.path = path
        self.kind = kind
        guard let stream = InputStream(fileAtPath: path) else { throw .cannotOpen(path: path) }
        // CSV.swift reads the header before it starts recording errors, so a bad byte there would go unnoticed.
        if let line = UTF8Validation.firstInvalidLine(inFileAt: path, within: 1) {
            throw .notUTF8(path: path, line: line)
        }
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
        self.header = header
        self.columns = columns
    }

    /// The next non-blank record, or nil at the end of the file or where it stops being readable (then
    /// ``finish()`` says why).
    mutating func next(references: ImportReferences) -> Record? {
        while let fields = reader.next() {
            // A decoding error ends the record early, so these fields are cut short: stop before using them.
            if case CSVError.unicodeDecoding? = reader.error { return nil }
            let start = line
            line += 1 + fields.reduce(0) { $0 + $1.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
            if fields.count == 1 && fields[0].isEmpty { continue }  // blank line
            if fields.count != header.count {
                return .rejected(
                    reason: "expected \(header.count) fields, found \(fields.count)", line: start, fields: fields)
            }
            do {
                // Duplicate ids, in the file or already stored, are skipped by the write itself.
                let row = try kind.parse(ImportRecord(fields: fields, columns: columns), references: references)
                return .row(row, line: start)
            } catch {
                return .rejected(reason: error.reason, line: start, fields: fields)
            }
        }
        return nil
    }

    /// After ``next(references:)`` returned nil: throws when the file ended because it could not be read on.
    func finish() throws(ImportError) {
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
    }
}
