import CSV
import Foundation

/// The CSV of rejected records: `line,reason,` followed by the original header's columns. It is an
/// ``OutputFile``: refused inside the node directory, never replacing a file unless allowed, and in place only
/// once the import finishes. Fields are written with ``FormulaEscape`` like any CSV Outpost writes, so the file
/// can be fixed in a spreadsheet and imported again.
final class RejectsFile {
    private let file: OutputFile
    private let writer: CSVWriter

    init(path: String, header: [String], replacing: Bool, protecting directory: String?) throws {
        file = try OutputFile(path: path, replacing: replacing, protecting: directory)
        writer = try CSVWriter(stream: file.stream)
        try writer.write(row: ["line", "reason"] + header.map(FormulaEscape.escaped))
    }

    func write(line: Int, reason: String, fields: [String]) throws {
        try writer.write(row: [String(line), FormulaEscape.escaped(reason)] + fields.map(FormulaEscape.escaped))
    }

    /// Puts the file in place.
    func close() throws {
        try file.commit()
    }

    /// Leaves no file behind.
    func discard() {
        file.discard()
    }
}
