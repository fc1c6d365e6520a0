import CRM
import Foundation
import Replica

/// What `outpost keys show` prints: everything a peer needs to add this node.
public struct NodeCard: Sendable {
    public var identity: NodeIdentity
    public var publicKey: String?
    public var endpoint: String?

    public static func load(_ directory: NodeDirectory) throws -> NodeCard {
        let replica = try directory.openReplicaForReading()
        let config = try directory.loadConfig()
        let key = (try? String(contentsOfFile: directory.publicKeyPath, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return NodeCard(identity: replica.identity, publicKey: key, endpoint: config.listen)
    }

    public var json: JSONValue {
        .object([
            "name": .string(identity.name), "node_id": .string(identity.siteID.uuidString.lowercased()),
            "role": .string(identity.role.rawValue), "region": .string(identity.region),
            "public_key": publicKey.map(JSONValue.string) ?? .null, "endpoint": endpoint.map(JSONValue.string) ?? .null,
        ])
    }

    public var text: String {
        var table = TextTable(header: ["name", identity.name])
        table.add(["node id", identity.siteID.uuidString.lowercased()])
        table.add(["role", identity.role.rawValue])
        table.add(["region", identity.region])
        table.add(["public key", publicKey ?? "(none)"])
        table.add(["endpoint", endpoint ?? "(not listening)"])
        return table.render()
    }
}
