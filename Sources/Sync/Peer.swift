import Foundation

/// A configured peer: where to reach it (optional: a peer without an endpoint only connects to us) and the
/// CURVE public key that identifies it.
public struct Peer: Sendable, Hashable, Codable {
    public var name: String
    public var endpoint: String?
    public var publicKey: String
    public var role: String?
    public var region: String?
    public var addedAt: String

    public init(
        name: String, endpoint: String?, publicKey: String, role: String? = nil, region: String? = nil,
        addedAt: String
    ) {
        self.name = name
        self.endpoint = endpoint
        self.publicKey = publicKey
        self.role = role
        self.region = region
        self.addedAt = addedAt
    }
}

/// A peer's connection state, as `outpost status` reports it.
public enum PeerState: String, Sendable, Codable, CaseIterable {
    case connecting, connected, syncing, offline, refused
}
