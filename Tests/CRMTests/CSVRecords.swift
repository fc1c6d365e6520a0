import Foundation

@testable import CRM

/// A CSV file's records as the import reads them, for tests that read back what Outpost wrote.
enum CSVRecords {
    struct NotUTF8: Error {}

    static func read(_ path: String) throws -> [[String]] {
        guard let reader = CSVRecordReader(path: path) else { throw CocoaError(.fileReadNoSuchFile) }
        return try all(reader)
    }

    static func read(bytes: [UInt8]) throws -> [[String]] {
        try all(CSVRecordReader(bytes: bytes))
    }

    private static func all(_ reader: CSVRecordReader) throws -> [[String]] {
        var records: [[String]] = []
        while try reader.next() {
            guard let fields = reader.strings() else { throw NotUTF8() }
            records.append(fields)
        }
        return records
    }
}
