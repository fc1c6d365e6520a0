import GRDB

extension Replica {
    /// The version vector and every table's checksum, read from one snapshot, so a peer comparing its own
    /// at the same vector compares like with like even while this node writes.
    public func contentDigest() throws -> (vector: SiteHeads, checksums: [TableChecksum]) {
        try pool.read { db in
            (try Self.versionVector(db), try TableSchema.all.map { try Self.checksum(of: $0, db) })
        }
    }

    /// SQLite's `quick_check`: nil when the database file is sound, else its first complaints. A node that
    /// fails it must neither serve nor send: damaged pages could otherwise replicate to healthy peers.
    public func quickCheckProblems() throws -> String? {
        let problems = try pool.read { try String.fetchAll($0, sql: "PRAGMA quick_check(5)") }
        return problems == ["ok"] ? nil : problems.joined(separator: "; ")
    }
}
