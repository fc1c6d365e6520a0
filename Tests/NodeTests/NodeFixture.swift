import Foundation
import GRDB
import Node
import Replica

/// A scratch node directory made by `NodeSetup.initialize`, as `outpost init` makes it; removed on release.
final class NodeFixture {
    let directory: NodeDirectory

    init(name: String = "east", role: NodeIdentity.Role = .office, region: String = "east") throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("outpost-node-\(UUID())")
        directory = NodeDirectory(path: root.path)
        try NodeSetup.initialize(directory, name: name, role: role, region: region, listen: nil)
    }

    deinit { try? FileManager.default.removeItem(at: directory.root) }

    /// A writable connection for damaging the database the way another SQLite client could.
    func tamper(_ body: (Database) throws -> Void) throws {
        let queue = try DatabaseQueue(path: directory.databasePath)
        try queue.write(body)
        try queue.close()
    }

    var ownPublicKey: String {
        get throws {
            try String(contentsOfFile: directory.publicKeyPath, encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}
