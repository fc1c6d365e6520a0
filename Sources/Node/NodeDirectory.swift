import Foundation
import Replica

/// The files of one node: `replica.sqlite` (data, change log, bookkeeping), `node.json` (listen endpoint and
/// settings) and `keys/` (the CURVE key pair; the secret key file is mode 0600).
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

    /// Opens the node's replica, or says how to create one.
    public func openReplica() throws -> Replica {
        guard exists else { throw NodeError.notInitialized(root.path) }
        return try Replica.open(at: databasePath)
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
