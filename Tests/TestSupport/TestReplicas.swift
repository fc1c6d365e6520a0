import CRM
import Foundation
import Replica
import Sync

/// The replica factory of the tests: real SQLite files declaring the tables a node declares (CRM's and
/// Sync's), so Replica, Sync and CRM tests exercise the same schema as `outpost`.
public enum TestReplicas {
    public static let declarations: [TableDeclaration] = [CRMTables.declaration, SyncTables.declaration]

    /// A new replica of node `name` in `directory`, in the file `file.sqlite` (`name.sqlite` by default).
    public static func create(
        _ name: String, in directory: ScratchDirectory, file: String? = nil, role: NodeIdentity.Role = .office,
        region: String = "east", wallClock: @escaping @Sendable () -> UInt64 = Replica.defaultWallClock
    ) throws -> Replica {
        try Replica.create(
            at: directory.path("\(file ?? name).sqlite"),
            identity: NodeIdentity(name: name, role: role, region: region),
            declaring: declarations, wallClock: wallClock)
    }

    /// Opens the replica at `path` with the tests' declarations.
    public static func open(
        _ path: String, wallClock: @escaping @Sendable () -> UInt64 = Replica.defaultWallClock
    ) throws -> Replica {
        try Replica.open(at: path, declaring: declarations, wallClock: wallClock)
    }
}
