import CRM
import Foundation
import GRDB
import Replica

/// The node half of `outpost status`: who it is, whether `serve` listens, rows, sizes, local head and
/// last local write.
public struct NodeSummary: Sendable {
    public var identity: NodeIdentity
    /// The bound endpoint of a running `serve`, else the configured one.
    public var endpoint: String?
    /// A live `serve` process (its pid), or nil.
    public var servePid: Int32?
    /// Live rows per replicated table, in declaration order.
    public var rows: [(table: String, count: Int)]
    /// Database file plus its WAL.
    public var databaseBytes: Int64
    /// Pages of the `outpost_*` tables and their indexes (change capture, log, peers, journal).
    public var syncMetadataBytes: Int64
    /// False when the `dbstat` table was unavailable and the size is estimated from row counts.
    public var syncMetadataMeasured: Bool
    /// This node's own entry of the version vector: changes it has captured.
    public var localHead: UInt64
    /// Clock of the newest local cell write among the latest captured changes (append-only rows carry none).
    public var lastLocalWrite: String?
    /// The node's hybrid logical clock: the newest timestamp it issued or received.
    public var clock: String?

    public var listening: Bool { servePid != nil }

    static func load(_ directory: NodeDirectory, _ db: Database) throws -> NodeSummary {
        let identity = try NodeDirectory.identity(db)
        let config = try? directory.loadConfig()
        let marker = ServeMarker.read(directory).flatMap { $0.isAlive ? $0 : nil }
        let sites = try NodeDirectory.sites(db)
        let local = sites.first { $0.site == identity.siteID }
        var rows: [(String, Int)] = []
        for table in NodeTables.replicated {
            rows.append((table.name, try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.name)") ?? 0))
        }
        var lastWrite: String?
        if local != nil, let hlc = try Replica.lastLocalWriteClock(db, tables: NodeTables.replicated) {
            lastWrite = Self.time(ofClock: Int64(bitPattern: hlc))
        }
        let clock = try Int64.fetchOne(db, sql: "SELECT hlc FROM outpost_node WHERE id = 1").flatMap(Self.time)
        let (metadata, measured) = try Self.metadataBytes(db)
        let files = [directory.databasePath, directory.databasePath + "-wal"]
        let bytes = files.reduce(Int64(0)) { total, path in
            let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber
            return total + (size?.int64Value ?? 0)
        }
        return NodeSummary(
            identity: identity, endpoint: marker?.endpoint ?? config?.listen, servePid: marker?.pid, rows: rows,
            databaseBytes: bytes, syncMetadataBytes: metadata, syncMetadataMeasured: measured,
            localHead: local?.head ?? 0, lastLocalWrite: lastWrite, clock: clock)
    }

    static func time(ofClock hlc: Int64) -> String? {
        hlc > 0 ? Timestamps.iso(millis: Int64(HybridLogicalClock.millis(of: UInt64(bitPattern: hlc)))) : nil
    }

    /// Pages of `outpost_*` tables and indexes from `dbstat`, or an estimate from row counts (about 48 bytes
    /// per clock or log entry) when SQLite was built without it.
    static func metadataBytes(_ db: Database) throws -> (Int64, Bool) {
        let measured = try? Int64.fetchOne(
            db,
            sql: """
                SELECT coalesce(sum(pgsize), 0) FROM dbstat
                WHERE name LIKE 'outpost\\_%' ESCAPE '\\' OR name LIKE 'sqlite\\_autoindex\\_outpost\\_%' ESCAPE '\\'
                """)
        if let measured { return (measured, true) }
        var entries: Int64 = 0
        for table in ["outpost_cells", "outpost_log", "outpost_append_runs", "outpost_events", "outpost_conflicts"] {
            entries += try Int64.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
        }
        return (entries * 48, false)
    }

    var json: JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        return .object([
            "name": .string(identity.name), "node_id": .string(identity.siteID.uuidString.lowercased()),
            "role": .string(identity.role.rawValue), "region": .string(identity.region), "endpoint": text(endpoint),
            "listening": .bool(listening), "serve_pid": servePid.map { .integer(Int64($0)) } ?? .null,
            "rows": .object(
                Dictionary(uniqueKeysWithValues: rows.map { ($0.table, JSONValue.integer(Int64($0.count))) })),
            "database_bytes": .integer(databaseBytes), "sync_metadata_bytes": .integer(syncMetadataBytes),
            "sync_metadata_measured": .bool(syncMetadataMeasured), "local_head": .integer(Int64(localHead)),
            "last_local_write": text(lastLocalWrite), "clock": text(clock),
        ])
    }
}
