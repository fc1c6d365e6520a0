import Foundation
import GRDB
import Glibc
import SyncProtocol
import Synchronization

/// A node's SQLite replica: a schema-agnostic replication engine. Modules declare the tables they own
/// (``TableOwner``); the replica creates them, captures every change to the replicated ones, merges remote
/// changes, keeps the hybrid logical clock and the version vector, and checks its invariants (``verify()``).
///
/// Ownership: only the replica holds a writable connection. Other modules read through ``reader`` (read-only
/// connections), write replicated tables through ``write(_:)`` and their own local tables through
/// ``writeLocal(as:_:)`` with the owner they declared.
///
/// Every local write goes through ``write(_:)``, which captures each change in the same transaction as the
/// data, so a crash never leaves one without the other. Writes by other SQLite clients are not captured:
/// `outpost doctor` reports rows without clock data (docs/conflicts.md).
///
/// The database runs in WAL mode, so readers (`outpost status` while `serve` runs) never wait for the writer,
/// and several processes may write: each write transaction re-reads the clock and sequence it advances.
public final class Replica: Sendable {
    public let path: String
    public let identity: NodeIdentity
    /// The writable pool; never handed out (see ``reader`` and ``writeLocal(as:_:)``).
    let pool: DatabasePool
    /// Read-only connections for queries by other modules (CRM reports, status, peer state). Its connections
    /// are opened read-only, so even a cast back to a pool cannot write through it.
    public let reader: any DatabaseReader
    /// The tables this replica was opened with, by module.
    public let tables: TableCatalogue
    /// Ordinal of this node's own site in `outpost_sites`.
    let localOrdinal: Int64
    let sites: SiteRegistry
    /// Wall clock in milliseconds; injectable so tests can skew it.
    let wallClock: @Sendable () -> UInt64
    private let observers = Mutex<[UUID: @Sendable (UInt64) -> Void]>([:])
    /// The last content digest and the vector it was read at: every session comparing digests at that vector
    /// reuses it instead of hashing every row again (see Replica+ContentDigest.swift).
    let digestCache = Mutex<(vector: SiteHeads, checksums: [TableChecksum])?>(nil)

    /// This replica's wall clock now, in Unix milliseconds (the injected one in tests).
    public func wallMillis() -> UInt64 { wallClock() }

    public static func defaultWallClock() -> UInt64 {
        UInt64(max(0, Date().timeIntervalSince1970 * 1000))
    }

    init(
        path: String, pool: DatabasePool, reader: any DatabaseReader, tables: TableCatalogue,
        wallClock: @escaping @Sendable () -> UInt64
    ) throws {
        self.path = path
        self.pool = pool
        self.reader = reader
        self.tables = tables
        self.wallClock = wallClock
        let loaded = try pool.read { db -> (NodeIdentity, Int64)? in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM outpost_node WHERE id = 1") else {
                return nil
            }
            let siteBytes: Data = row["site_id"]
            guard let site = SiteID(bytes: siteBytes),
                let role = NodeIdentity.Role(rawValue: row["role"])
            else { throw ReplicaError.malformedChange("corrupt node identity row") }
            let ordinal =
                try Int64.fetchOne(
                    db, sql: "SELECT ordinal FROM outpost_sites WHERE site_id = ?", arguments: [siteBytes]) ?? 0
            return (NodeIdentity(siteID: site, name: row["name"], role: role, region: row["region"]), ordinal)
        }
        guard let loaded else { throw ReplicaError.notInitialized(path: path) }
        self.identity = loaded.0
        self.localOrdinal = loaded.1
        self.sites = SiteRegistry()
        try pool.read { db in try sites.preload(db) }
    }

    private static func makePool(path: String) throws -> DatabasePool {
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            // WAL makes NORMAL durable across application crashes (a power cut may lose the last commits, never
            // corrupt).
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            if let connection = db.sqliteConnection { CellClockFunction.register(on: connection) }
            guard !db.configuration.readonly else { return }
            // The writer only: a 32 MiB page cache keeps the order indexes' hot pages in memory during bulk
            // import and initial sync (SQLite's default is 2 MiB), and checkpointing every 32,768 pages instead of
            // 1,000 copies a hot index page to the database once rather than many times (the WAL may reach
            // ~128 MiB on disk between checkpoints; at 8,192 pages checkpoints were a fifth of an initial sync's
            // receiving CPU). Neither counts against the per-node memory budget beyond the page cache.
            try db.execute(sql: "PRAGMA cache_size = -32768; PRAGMA wal_autocheckpoint = 32768")
            // Deleted and overwritten content is zeroed, not left in free space: an erased phone number must not
            // survive in the file (docs/privacy.md).
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        return try DatabasePool(path: path, configuration: config)
    }

    /// Every declaration a replica opens with: its own first, then the modules' in the order given.
    static func catalogue(_ declarations: [TableDeclaration]) throws -> TableCatalogue {
        try TableCatalogue([ReplicaSchema.owner.declaration] + declarations)
    }

    /// Creates a new replica file with a fresh site id and the tables of `declarations`.
    public static func create(
        at path: String, identity: NodeIdentity, declaring declarations: [TableDeclaration],
        wallClock: @escaping @Sendable () -> UInt64 = Replica.defaultWallClock
    ) throws -> Replica {
        let tables = try catalogue(declarations)
        if FileManager.default.fileExists(atPath: path) {
            throw ReplicaError.alreadyInitialized(path: path)
        }
        // Customer data: the file is created owner-only before SQLite opens it, and SQLite gives its -wal and
        // -shm files the database file's mode.
        let descriptor = Glibc.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw ReplicaError.alreadyInitialized(path: path) }
            throw ReplicaError.cannotCreate(path: path, detail: String(cString: strerror(errno)))
        }
        close(descriptor)
        let pool = try makePool(path: path)
        try ReplicaSchema.migrator(for: tables).migrate(pool)
        try pool.write { db in
            let site = SiteRegistry.blob(identity.siteID)
            try db.execute(
                sql: """
                    INSERT INTO outpost_node (id, site_id, name, role, region, created_at)
                    VALUES (1, ?, ?, ?, ?, ?)
                    """,
                arguments: [site, identity.name, identity.role.rawValue, identity.region, Timestamps.iso(Date())])
            try db.execute(sql: "INSERT INTO outpost_sites (site_id) VALUES (?)", arguments: [site])
            try markPurged(db, scope: identity.scope)
        }
        return try Replica(
            path: path, pool: pool, reader: try readOnlyPool(at: path), tables: tables, wallClock: wallClock
        )
    }

    /// Opens an existing replica, creating or migrating the declared tables that are missing.
    public static func open(
        at path: String, declaring declarations: [TableDeclaration],
        wallClock: @escaping @Sendable () -> UInt64 = Replica.defaultWallClock
    ) throws -> Replica {
        guard FileManager.default.fileExists(atPath: path) else { throw ReplicaError.notInitialized(path: path) }
        let tables = try catalogue(declarations)
        let pool = try makePool(path: path)
        try ReplicaSchema.migrator(for: tables).migrate(pool)
        return try Replica(
            path: path, pool: pool, reader: try readOnlyPool(at: path), tables: tables, wallClock: wallClock
        )
    }

    /// Schema version of replicated content; peers must match it.
    public static var schemaVersion: UInt32 { ReplicaSchema.version }

    /// Runs `body` in one write transaction whose every change to a replicated table is captured with it.
    /// Observers registered with ``observeCommits(_:)`` learn the new local head after commit. A transaction
    /// that wrote appends one entry to the audit chain, named `action`, with its tables, counts and keys.
    @discardableResult
    public func write<T>(action: String = "write", _ body: (LocalWriter) throws -> T) throws -> T {
        let (result, head, wrote) = try pool.write { db in
            let writer = try LocalWriter(replica: self, db: db, auditAction: action)
            let result = try body(writer)
            try writer.finish()
            return (result, writer.headSeq, writer.changeCount > 0)
        }
        if wrote { notify(head: head) }
        return result
    }

    /// Runs `body` in one write transaction on `owner`'s local tables (never replicated, never captured).
    /// `owner` must be the very owner whose declaration opened this replica: the module that declared the
    /// tables is the only one holding it.
    @discardableResult
    public func writeLocal<T>(as owner: TableOwner, _ body: (Database) throws -> T) throws -> T {
        guard tables.isDeclared(owner) else { throw ReplicaError.undeclaredOwner(module: owner.module) }
        return try pool.write { db in
            let watch = LocalWriteGuard(owner: owner)
            db.add(transactionObserver: watch, extent: .observerLifetime)
            defer { db.remove(transactionObserver: watch) }
            let result = try body(db)
            // Throwing here rolls back everything the body wrote.
            if let table = watch.foreign { throw ReplicaError.notOwned(module: owner.module, table: table) }
            return result
        }
    }

    /// Registers a callback told after each commit that changed replicated data: a local write (with the new
    /// local head sequence) or an applied remote batch (with 0).
    /// Returns a token for ``removeObserver(_:)``.
    @discardableResult
    public func observeCommits(_ callback: @escaping @Sendable (UInt64) -> Void) -> UUID {
        let token = UUID()
        observers.withLock { $0[token] = callback }
        return token
    }

    public func removeObserver(_ token: UUID) {
        _ = observers.withLock { $0.removeValue(forKey: token) }
    }

    func notify(head: UInt64) {
        let callbacks = observers.withLock { Array($0.values) }
        for callback in callbacks { callback(head) }
    }

    /// The version vector: per origin site, the highest sequence held.
    public func versionVector() throws -> SiteHeads {
        try pool.read { db in try Self.versionVector(db) }
    }

    static func versionVector(_ db: Database) throws -> SiteHeads {
        var heads = SiteHeads()
        for row in try Row.fetchAll(db, sql: "SELECT site_id, head_seq FROM outpost_sites WHERE head_seq > 0") {
            let bytes: Data = row[0]
            if let site = SiteID(bytes: bytes) { heads[site] = UInt64(row[1] as Int64) }
        }
        return heads
    }

    /// The last timestamp of this node's clock, as persisted.
    public func clock() throws -> UInt64 {
        try pool.read { db in UInt64(try Int64.fetchOne(db, sql: "SELECT hlc FROM outpost_node") ?? 0) }
    }
}
