import GRDB

extension Replica {
    /// The version vector and every table's checksum, read from one snapshot, so a peer comparing its own
    /// at the same vector compares like with like even while this node writes. Every captured write moves the
    /// vector, so a result is reused while the vector stays the same (hashing reads every row).
    public func contentDigest() throws -> (vector: SiteHeads, checksums: [TableChecksum]) {
        let current = try versionVector()
        if let cached = digestCache.withLock({ $0 }), cached.vector == current { return cached }
        let fresh = try pool.read { db in
            (vector: try Self.versionVector(db), checksums: try tables.replicated.map { try Self.checksum(of: $0, db) })
        }
        digestCache.withLock { $0 = fresh }
        return fresh
    }

    /// SQLite's `quick_check`: nil when the database file is sound, else its first complaints. A node that
    /// fails it must neither serve nor send: damaged pages could otherwise replicate to healthy peers.
    public func quickCheckProblems() throws -> String? {
        let problems = try pool.read { try String.fetchAll($0, sql: "PRAGMA quick_check(5)") }
        return problems == ["ok"] ? nil : problems.joined(separator: "; ")
    }
}
