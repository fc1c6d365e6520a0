import CSV
import Foundation

/// The CSV of rejected records: `line,reason,` followed by the original header's columns.
final class RejectsFile {
    private let writer: CSVWriter

    init(path: String, header: [String]) throws {
        guard let stream = OutputStream(toFileAtPath: path, append: false) else {
            throw CSVError.cannotOpenFile
        }
        writer = try CSVWriter(stream: stream)
        try writer.write(row: ["line", "reason"] + header)
    }

    func write(line: Int, reason: String, fields: [String]) throws {
        try writer.write(row: [String(line), reason] + fields)
    }

    func close() throws {
        writer.stream.close()
    }
}
