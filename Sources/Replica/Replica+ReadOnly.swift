import Foundation
import GRDB

extension Replica {
    /// Opens an existing replica for reading only: no migration, no write, and it works where the node's
    /// directory cannot be written (another user's node, a read-only mount). ``write(_:)`` on it fails with
    /// SQLite's read-only error.
    public static func openReadOnly(at path: String, declaring declarations: [TableDeclaration]) throws -> Replica {
        guard FileManager.default.fileExists(atPath: path) else { throw ReplicaError.notInitialized(path: path) }
        let tables = try catalogue(declarations)
        let pool = try readOnlyPool(at: path)
        guard try pool.read({ try ReplicaSchema.migrator(for: tables).hasCompletedMigrations($0) }) else {
            throw ReplicaError.needsUpgrade(path: path)
        }
        return try Replica(path: path, pool: pool, reader: pool, tables: tables, wallClock: Replica.defaultWallClock)
    }

    /// A read-only pool on a WAL database. A WAL reader needs the `-shm` index beside the database; when nobody
    /// has the database open there is none, and in a directory this user cannot write SQLite cannot create it
    /// (SQLITE_CANTOPEN or SQLITE_READONLY_CANTINIT). Then, and only when no `-wal` file holds commits the
    /// database file lacks, the file is opened as immutable: no lock and no index, which is safe because a
    /// writer could not work in that directory either.
    public static func readOnlyPool(at path: String) throws -> DatabasePool {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(2)
        do {
            let pool = try DatabasePool(path: path, configuration: config)
            try pool.read { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            return pool
        } catch let error as DatabaseError
            where [.SQLITE_CANTOPEN, .SQLITE_READONLY].contains(error.resultCode)
            && access(URL(fileURLWithPath: path).deletingLastPathComponent().path, W_OK) != 0
            && ((try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0) == 0
        {
            let pool = try DatabasePool(path: immutableURI(path), configuration: config)
            try pool.read { db in _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
            return pool
        }
    }

    /// `file:` URI of a path with SQLite's `immutable` parameter; characters URIs reserve are percent-encoded.
    static func immutableURI(_ path: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "/-._~")
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        return "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?immutable=1"
    }
}
