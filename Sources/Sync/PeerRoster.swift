import Foundation

/// The peers a running engine admits and dials, by name and by CURVE public key.
///
/// A roster that follows the peer book is re-read while the engine runs, because `outpost peer add` and
/// `peer remove` are other processes writing the same database: ``update(_:)`` says what changed so the
/// engine can admit, dial or cut off peers without a restart.
struct PeerRoster {
    /// What an update changed. A peer whose key or endpoint changed is both removed (old) and added (new).
    struct Difference {
        var removed: [Peer] = []
        var added: [Peer] = []
        var isEmpty: Bool { removed.isEmpty && added.isEmpty }
    }

    private(set) var peers: [Peer]
    private var byName: [String: Peer]
    private var byKey: [String: Peer]

    init(_ peers: [Peer]) {
        self.peers = peers
        byName = Dictionary(peers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        byKey = Dictionary(peers.map { ($0.publicKey, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func peer(named name: String) -> Peer? { byName[name] }

    /// The peer whose Z85 public key is `key`, if it is still admitted.
    func peer(forKey key: String) -> Peer? { byKey[key] }

    /// Replaces the roster with `fresh` and returns the difference.
    mutating func update(_ fresh: [Peer]) -> Difference {
        var difference = Difference()
        let freshByName = Dictionary(fresh.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for peer in peers {
            guard let now = freshByName[peer.name] else {
                difference.removed.append(peer)
                continue
            }
            if now.publicKey != peer.publicKey || now.endpoint != peer.endpoint {
                difference.removed.append(peer)
                difference.added.append(now)
            }
        }
        for peer in fresh where byName[peer.name] == nil { difference.added.append(peer) }
        if !difference.isEmpty { self = PeerRoster(fresh) }
        return difference
    }
}
