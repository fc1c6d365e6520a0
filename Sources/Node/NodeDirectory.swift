import Foundation
import Replica

/// The files of one node: `replica.sqlite` (data, change log, bookkeeping), `node.json` (listen endpoint and
/// settings) and `keys/` (the CURVE key pair; the secret key file is mode 0600). The directory is 0700 and the
/// database files 0600: they hold customer rows.
public struct NodeDirectory: Sendable {
    public let root: URL

    public init(path: String) {
        root = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
    }

    /// `--dir`, else `$OUTPOST_DIR`, else `./outpost-data`.
    public static func resolve(_ option: String?) -> NodeDirectory {
        if let option { return NodeDirectory(path: option) }
        if let env = ProcessInfo.processInfo.environment["OUTPOST_DIR"], !env.isEmpty {
            return NodeDirectory(path: env)
        }
        return NodeDirectory(path: "outpost-data")
    }

    public var databasePath: String { root.appendingPathComponent("replica.sqlite").path }
    public var configPath: String { root.appendingPathComponent("node.json").path }
    public var keysDirectory: URL { root.appendingPathComponent("keys", isDirectory: true) }
    public var secretKeyPath: String { keysDirectory.appendingPathComponent("curve.secret").path }
    public var publicKeyPath: String { keysDirectory.appendingPathComponent("curve.public").path }

    public var exists: Bool { FileManager.default.fileExists(atPath: databasePath) }

    /// Opens the node's replica for writing, or says how to create one, or that this user cannot write it.
    /// Database files that others may read (an older node, a copy) are made owner-only again.
    public func openReplica() throws -> Replica {
        guard exists else { throw NodeError.notInitialized(root.path) }
        // SQLite would open the file read-only and fail later with "SQLITE_CANTOPEN" or "readonly database".
        guard access(root.path, W_OK) == 0, access(databasePath, W_OK) == 0 else {
            throw NodeError.notWritable(root.path)
        }
        restrictModes()
        let replica = try Replica.open(at: databasePath, declaring: NodeTables.declarations)
        try purgeOutsideScope(replica)
        return replica
    }

    /// Opens the node's replica for a command that only reads: no migration, no lock taken for writing, and it
    /// works in a directory this user cannot write.
    public func openReplicaForReading() throws -> Replica {
        guard exists else { throw NodeError.notInitialized(root.path) }
        return try Replica.openReadOnly(at: databasePath, declaring: NodeTables.declarations)
    }

    /// Modes of the node's files that hold customer rows: the directory and its database files.
    public static let directoryMode: mode_t = 0o700
    public static let databaseMode: mode_t = 0o600

    /// The database and its `-wal`/`-shm` files, which hold customer rows.
    public var databaseFiles: [String] { [databasePath, databasePath + "-wal", databasePath + "-shm"] }

    /// Takes group and other permissions off the directory and database files (best effort: only the owner may,
    /// and a failure leaves the node usable).
    func restrictModes() {
        for (path, mode) in [(root.path, Self.directoryMode)] + databaseFiles.map({ ($0, Self.databaseMode) }) {
            var status = stat()
            guard stat(path, &status) == 0, status.st_mode & 0o077 != 0 else { continue }
            _ = chmod(path, status.st_mode & mode)
        }
    }

    public func loadConfig() throws -> NodeConfig {
        guard let data = FileManager.default.contents(atPath: configPath) else {
            throw NodeError.notInitialized(root.path)
        }
        do {
            return try JSONDecoder().decode(NodeConfig.self, from: data)
        } catch {
            throw NodeError.badConfig(path: configPath, detail: "\(error)")
        }
    }

    public func saveConfig(_ config: NodeConfig) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(config).write(to: URL(fileURLWithPath: configPath), options: .atomic)
    }
}

/// Settings of a node kept beside its database.
public struct NodeConfig: Codable, Sendable, Equatable {
    /// The ROUTER endpoint this node binds, e.g. `tcp://127.0.0.1:7701`.
    public var listen: String?

    public init(listen: String? = nil) { self.listen = listen }
}
