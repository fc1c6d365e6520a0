import Foundation
import Replica
import SyncProtocol

/// One session's side of divergence detection. Equal version vectors promise equal content; when both
/// sides are caught up with equal vectors each sends a ``ContentDigest`` (per-table row counts and SHA-256
/// hashes from one snapshot) and compares the peer's with its own. A difference means some origin issued
/// two different changes under one sequence number, which no amount of syncing will repair.
///
/// Hashing reads every replicated row, so it runs only at caught-up time with equal vectors, never per
/// batch: at most once per distinct vector (cached), and on a live session at most once per `interval`.
struct DivergenceCheck {
    let interval: Duration
    private var cached: (vector: SiteHeads, checksums: [TableChecksum])?
    private var sentFor: SiteHeads?
    private var lastSent: ContinuousClock.Instant?

    init(interval: Duration) { self.interval = interval }

    /// The digest to send now, if our vector equals the peer's and one is due.
    mutating func digestToSend(
        replica: Replica, peerHeads: SiteHeads, scope: RegionScope = .all, now: ContinuousClock.Instant
    ) throws -> ContentDigest? {
        if let lastSent, now - lastSent < interval { return nil }
        let ours = try replica.versionVector()
        guard ours == peerHeads, sentFor != ours else { return nil }
        let (vector, checksums) = try snapshot(replica, at: ours, scope: scope)
        guard vector == peerHeads else { return nil }
        sentFor = vector
        lastSent = now
        return ContentDigest(
            versionVector: WireMapping.vector(vector),
            tables: checksums.compactMap { checksum in
                guard let table = replica.tables.table(named: checksum.table) else { return nil }
                return ContentDigest.Table(
                    table: table.id, rows: UInt64(checksum.rows), hash: Self.bytes(checksum.hash))
            })
    }

    /// The tables whose content differs from the peer's digest (empty when all match), or nil when the
    /// comparison says nothing because our vector has moved on since (the next caught-up compares again).
    mutating func differences(
        from digest: ContentDigest, replica: Replica, scope: RegionScope = .all
    ) throws -> [String]? {
        let theirs = WireMapping.heads(digest.versionVector)
        guard try replica.versionVector() == theirs else { return nil }
        let (vector, checksums) = try snapshot(replica, at: theirs, scope: scope)
        guard vector == theirs else { return nil }
        var peer: [UInt8: ContentDigest.Table] = [:]
        for entry in digest.tables { peer[entry.table] = entry }
        var differing: [String] = []
        for checksum in checksums {
            guard let table = replica.tables.table(named: checksum.table) else { continue }
            let entry = peer.removeValue(forKey: table.id)
            if entry?.rows != UInt64(checksum.rows) || entry?.hash != Self.bytes(checksum.hash) {
                differing.append(table.name)
            }
        }
        differing += peer.keys.sorted().map { "table \($0)" }
        return differing
    }

    /// Our checksums at `vector`, hashed again only when the vector has changed.
    private mutating func snapshot(
        _ replica: Replica, at vector: SiteHeads, scope: RegionScope
    ) throws -> (vector: SiteHeads, checksums: [TableChecksum]) {
        if let cached, cached.vector == vector { return cached }
        let fresh = try replica.contentDigest(scope: scope)
        cached = fresh
        return fresh
    }

    /// A hex hash as its bytes.
    static func bytes(_ hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.utf8.count / 2)
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }
}
