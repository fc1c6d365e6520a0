import Foundation
import Replica

/// Creating a node and reading who it is.
public enum NodeSetup {
    /// Creates the node directory, database with a fresh site id, and settings.
    @discardableResult
    public static func initialize(
        _ directory: NodeDirectory, name: String, role: NodeIdentity.Role, region: String, listen: String?
    ) throws -> NodeIdentity {
        guard !directory.exists else { throw NodeError.alreadyInitialized(directory.root.path) }
        guard !name.isEmpty, !region.isEmpty else {
            throw NodeError.invalidArgument("--name and --region must not be empty")
        }
        if role == .office {
            guard case .regions = RegionScope(parsing: region) else {
                throw NodeError.invalidArgument(
                    "an office's --region is one or more region names, e.g. east or east,north (not '\(region)')")
            }
        }
        if let listen { try Endpoint.validate(listen) }
        try FileManager.default.createDirectory(at: directory.root, withIntermediateDirectories: true)
        // The directory will hold customer rows: owner only, also when it existed (empty) before.
        guard chmod(directory.root.path, NodeDirectory.directoryMode) == 0 else {
            throw NodeError.invalidArgument(
                "cannot make \(directory.root.path) private (chmod 700): \(String(cString: strerror(errno)))")
        }
        let identity = NodeIdentity(name: name, role: role, region: region)
        let keys = try NodeKeys.generate(in: directory)
        let replica = try Replica.create(
            at: directory.databasePath, identity: identity, declaring: NodeTables.declarations)
        try directory.saveConfig(NodeConfig(listen: listen))
        try replica.audit(
            action: "init", object: name,
            detail: "role \(role.rawValue), region \(region), public key \(keys.publicKey.z85)")
        return identity
    }
}

/// Checks of ZeroMQ endpoints given on the command line.
public enum Endpoint {
    public static func validate(_ endpoint: String) throws {
        guard endpoint.hasPrefix("tcp://") || endpoint.hasPrefix("ipc://") || endpoint.hasPrefix("inproc://") else {
            throw NodeError.invalidArgument(
                "endpoint '\(endpoint)' must look like tcp://127.0.0.1:7701 (or ipc://, inproc://)")
        }
    }
}
