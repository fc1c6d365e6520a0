import CRM
import Replica

/// `outpost checksum`: per replicated table, rows and content hash.
public struct ChecksumReport: Sendable {
    public var tables: [TableChecksum]

    public static func load(_ replica: Replica) throws -> ChecksumReport {
        ChecksumReport(tables: try replica.checksums())
    }

    public var json: JSONValue {
        .object(
            Dictionary(
                uniqueKeysWithValues: tables.map {
                    ($0.table, JSONValue.object(["rows": .integer(Int64($0.rows)), "hash": .string($0.hash)]))
                }))
    }

    public var text: String {
        var table = TextTable(header: ["table", "rows", "sha256"], rightAligned: [1])
        for checksum in tables { table.add([checksum.table, Readable.count(checksum.rows), checksum.hash]) }
        return table.render()
    }
}
