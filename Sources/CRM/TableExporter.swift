import Foundation
import GRDB
import Replica

/// Streams a replicated table, in key order, as CSV (the import format, so an export can be imported
/// again) or as a JSON array of objects. Bookkeeping columns are left out. CSV cells that a spreadsheet would run
/// as a formula are written with a leading quote (``FormulaEscape``), which the import takes off again; records
/// are written by ``CSVLine``, which quotes on Unicode scalars so every value reads back unchanged. Personal
/// columns (``PersonalData``) are masked unless the exporter is made with `personal: .shown`.
public struct TableExporter {
    public var format: ExportFormat
    public var personal: PersonalData.Display

    public init(format: ExportFormat, personal: PersonalData.Display = .masked) {
        self.format = format
        self.personal = personal
    }

    /// The exported columns of a table.
    public static func columns(of table: TableSchema) -> [String] {
        table.kind == .mutable ? table.allColumns + ["updated_at"] : table.allColumns
    }

    /// Writes every row of `table` to `stream` and returns the number of rows.
    @discardableResult
    public func export(_ table: TableSchema, from replica: Replica, to stream: OutputStream) throws -> Int {
        let columns = Self.columns(of: table)
        let order = table.keyColumns.joined(separator: ", ")
        let sql = "SELECT \(columns.joined(separator: ", ")) FROM \(table.name) ORDER BY \(order)"
        return try export(sql: sql, arguments: [], columns: columns, from: replica, to: stream)
    }

    /// Writes the rows of a query with the given column names.
    @discardableResult
    public func export(
        sql: String, arguments: StatementArguments, columns: [String], from replica: Replica, to stream: OutputStream
    ) throws -> Int {
        try replica.reader.read { db in
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            var count = 0
            switch format {
            case .csv:
                try CSVLine.write(columns, to: stream)
                while let row = try cursor.next() {
                    try CSVLine.write(
                        columns.indices.map { FormulaEscape.escaped(Self.text(value(row, $0, columns))) }, to: stream)
                    count += 1
                }
            case .json:
                var output = StreamText(stream: stream)
                output.write("[")
                while let row = try cursor.next() {
                    var object: [String: JSONValue] = [:]
                    for (index, name) in columns.enumerated() { object[name] = JSONValue(value(row, index, columns)) }
                    output.write((count == 0 ? "\n" : ",\n") + JSONValue.object(object).serialized())
                    count += 1
                }
                output.write(count == 0 ? "]\n" : "\n]\n")
            }
            return count
        }
    }

    private func value(_ row: Row, _ index: Int, _ columns: [String]) -> DatabaseValue {
        PersonalData.display(row[index], column: columns[index], personal)
    }

    /// CSV text of a value: numbers in their shortest exact form, NULL as empty.
    public static func text(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return ""
        case .int64(let int): return String(int)
        case .double(let double):
            return double == double.rounded() && abs(double) < 1e15 ? String(Int64(double)) : String(double)
        case .string(let string): return string
        case .blob(let data): return data.base64EncodedString()
        }
    }
}

/// Writes UTF-8 text to an output stream.
struct StreamText {
    let stream: OutputStream

    /// Writes all of `text`; false when the stream stopped taking bytes.
    @discardableResult
    mutating func write(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = stream.write(buffer.baseAddress! + offset, maxLength: buffer.count - offset)
                if written <= 0 { return false }
                offset += written
            }
            return true
        }
    }
}
