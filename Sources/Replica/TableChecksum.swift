import Crypto
import Foundation
import GRDB

/// Row count and content hash of one replicated table. Two replicas that hold the same changes have equal
/// checksums, whatever order the changes arrived in: rows are hashed in key order, values with their type.
/// Bookkeeping columns (`_cl`, origins) are left out; the derived `updated_at` is included.
public struct TableChecksum: Sendable, Hashable, Codable {
    public var table: String
    public var rows: Int
    /// SHA-256 of the canonical row encoding, hex.
    public var hash: String
}

extension Replica {
    /// Checksums of every replicated table, in declaration order.
    public func checksums() throws -> [TableChecksum] {
        try pool.read { db in try tables.replicated.map { try Self.checksum(of: $0, db) } }
    }

    /// The checksum of `table`'s rows, or of those inside `scope` (the content a node of that scope holds).
    static func checksum(
        of table: TableSchema, _ db: Database, scope: RegionScope = .all, tables: TableCatalogue? = nil
    ) throws -> TableChecksum {
        var columns = table.allColumns
        if table.kind == .mutable { columns.append("updated_at") }
        let order = table.keyColumns.joined(separator: ", ")
        let filter =
            tables.map { scopeFilter(of: table, scope: scope, tables: $0) } ?? (sql: "", regions: [String]())
        let statement = try PreparedStatement(
            db,
            sql: "SELECT \(columns.joined(separator: ", ")) FROM \(table.name) \(filter.sql) ORDER BY \(order)")
        statement.reset()
        for (offset, region) in filter.regions.enumerated() { statement.bind(Int32(offset + 1), region) }
        var hasher = SHA256()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(64 * 1024)
        var rows = 0
        while try statement.step(db) {
            rows += 1
            for index in 0..<Int32(columns.count) {
                append(statement.value(index), to: &buffer)
            }
            if buffer.count >= 60 * 1024 {
                hasher.update(data: buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        hasher.update(data: buffer)
        let hash = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return TableChecksum(table: table.name, rows: rows, hash: hash)
    }

    private static func append(_ value: DatabaseValue, to buffer: inout [UInt8]) {
        func appendInteger(_ bits: UInt64) {
            withUnsafeBytes(of: bits.littleEndian) { buffer.append(contentsOf: $0) }
        }
        switch value.storage {
        case .null:
            buffer.append(0)
        case .int64(let int):
            buffer.append(1)
            appendInteger(UInt64(bitPattern: int))
        case .double(let double):
            buffer.append(2)
            appendInteger(double.bitPattern)
        case .string(let string):
            buffer.append(3)
            appendInteger(UInt64(string.utf8.count))
            buffer.append(contentsOf: string.utf8)
        case .blob(let data):
            buffer.append(4)
            appendInteger(UInt64(data.count))
            buffer.append(contentsOf: data)
        }
    }
}
