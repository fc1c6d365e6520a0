import Foundation

/// The CSV of rejected records: `line,reason,` followed by the original header's columns. It is an
/// ``OutputFile``: refused inside the node directory, never replacing a file unless allowed, and in place only
/// once the import finishes. Fields are written with ``FormulaEscape`` like any CSV Outpost writes, and quoted by
/// ``CSVLine``, so the file reads back as the rejected fields and can be fixed in a spreadsheet and imported again.
final class RejectsFile {
    private let file: OutputFile

    init(path: String, header: [String], replacing: Bool, protecting directory: String?) throws {
        file = try OutputFile(path: path, replacing: replacing, protecting: directory)
        try CSVLine.write(["line", "reason"] + header.map(FormulaEscape.escaped), to: file.stream)
    }

    func write(line: Int, reason: String, fields: [String]) throws {
        try CSVLine.write(
            [String(line), FormulaEscape.escaped(reason)] + fields.map(FormulaEscape.escaped), to: file.stream)
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
