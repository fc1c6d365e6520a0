import CRM
import Foundation
import Replica
import Sync

/// `outpost peer add|list|remove`.
public enum PeerAdmin {
    public static func add(
        _ directory: NodeDirectory, name: String, endpoint: String?, key: String, role: String?, region: String?
    ) throws {
        if let endpoint { try Endpoint.validate(endpoint) }
        try NodeKeys.validatePublicKey(key)
        if let role, NodeIdentity.Role(rawValue: role) == nil {
            throw NodeError.invalidArgument("--role must be office or hq, got '\(role)'")
        }
        if let region, RegionScope(parsing: region) == nil {
            throw NodeError.invalidArgument("--region takes region names such as east or east,north, or all")
        }
        let replica = try directory.openReplica()
        if replica.identity.role == .hq, role == NodeIdentity.Role.office.rawValue, region == nil {
            throw NodeError.invalidArgument(
                "an office peer needs --region: the regions this node lets \(name) receive and write (e.g. east)")
        }
        let book = PeerBook(replica: replica)
        let existing = try book.all()
        if existing.contains(where: { $0.name == name }) {
            throw NodeError.invalidArgument("a peer named \(name) exists; `outpost peer remove \(name)` first")
        }
        if let clash = existing.first(where: { $0.publicKey == key }) {
            throw NodeError.invalidArgument("that key already belongs to peer \(clash.name)")
        }
        try book.add(
            Peer(
                name: name, endpoint: endpoint, publicKey: key, role: role, region: region,
                addedAt: Timestamps.iso(Date())))
        try replica.audit(
            action: "peer-add", object: name,
            detail: "key \(key), role \(role ?? "-"), region \(region ?? "-"), endpoint \(endpoint ?? "-")")
    }

    public static func remove(_ directory: NodeDirectory, name: String) throws {
        let replica = try directory.openReplica()
        guard try PeerBook(replica: replica).remove(name: name) else {
            throw NodeError.notFound("no peer named \(name): see `outpost peer list`")
        }
        try replica.audit(action: "peer-remove", object: name, detail: "")
    }

    public static func list(_ directory: NodeDirectory) throws -> [Peer] {
        try PeerBook(replica: try directory.openReplicaForReading()).all()
    }

    public static func text(_ peers: [Peer]) -> String {
        guard !peers.isEmpty else { return "no peers: add one with `outpost peer add NAME --endpoint E --key K`" }
        var table = TextTable(header: ["name", "role", "region", "endpoint", "public key"])
        for peer in peers {
            table.add([
                peer.name, peer.role ?? "-", peer.region ?? "-", peer.endpoint ?? "(connects to us)", peer.publicKey,
            ])
        }
        return table.render()
    }
}

extension PeerAdmin {
    public static func json(_ peers: [Peer]) -> JSONValue {
        .array(
            peers.map { peer in
                .object([
                    "name": .string(peer.name), "endpoint": peer.endpoint.map(JSONValue.string) ?? .null,
                    "public_key": .string(peer.publicKey), "role": peer.role.map(JSONValue.string) ?? .null,
                    "region": peer.region.map(JSONValue.string) ?? .null, "added_at": .string(peer.addedAt),
                ])
            })
    }
}
