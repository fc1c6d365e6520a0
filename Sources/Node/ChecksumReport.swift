import CRM
import Replica

/// `outpost checksum`: per replicated table, rows and content hash.
public struct ChecksumReport: Sendable {
    public var tables: [TableChecksum]

    /// With a `scope`, the checksums of the rows inside it: what a node of that scope must hold once synced.
    public static func load(_ replica: Replica, scope: RegionScope? = nil) throws -> ChecksumReport {
        guard let scope else { return ChecksumReport(tables: try replica.checksums()) }
        return ChecksumReport(tables: try replica.checksums(scope: scope))
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
