/// Encodes a row's key columns as the single text stored in clock rows. Keys are joined by the ASCII unit
/// separator, which keys may therefore not contain.
enum RowKey {
    static let separator: Character = "\u{1F}"

    static func encode(_ key: [String], table: TableSchema) throws -> String {
        guard key.count == table.keyColumns.count else {
            throw ReplicaError.invalidKey(
                table: table.name, key: key, reason: "expected \(table.keyColumns.count) key value(s)")
        }
        for part in key {
            if part.isEmpty { throw ReplicaError.invalidKey(table: table.name, key: key, reason: "empty key") }
            if part.contains(separator) {
                throw ReplicaError.invalidKey(table: table.name, key: key, reason: "contains U+001F")
            }
        }
        return key.count == 1 ? key[0] : key.joined(separator: String(separator))
    }

    static func decode(_ pk: String) -> [String] {
        pk.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
    }

    /// The same encoding as an SQL expression over `alias`'s key columns, for set queries over a whole table.
    static func sql(_ table: TableSchema, alias: String) -> String {
        table.keyColumns.map { "\(alias).\($0)" }.joined(separator: " || char(31) || ")
    }
}
