import GRDB

/// The insert of an append-only row with its origin; a duplicate id is ignored (grow-only set).
enum AppendStatement {
    static func insert(_ db: Database, table: TableSchema) throws -> PreparedStatement {
        let names = table.allColumns + ["_site", "_seq"]
        let marks = Array(repeating: "?", count: names.count).joined(separator: ", ")
        return try PreparedStatement(
            db,
            sql: """
                INSERT INTO \(table.name) (\(names.joined(separator: ", "))) VALUES (\(marks))
                ON CONFLICT (id) DO NOTHING
                """)
    }
}
