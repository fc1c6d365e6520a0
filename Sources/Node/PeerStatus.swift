import CRM
import Foundation
import Replica
import Sync

/// One peer as `outpost status` reports it: its state, what each side lacks as of the last vector we heard
/// from it, traffic counters and the last error.
public struct PeerStatus: Sendable {
    /// Whether the peer holds everything we hold and we hold everything it held, as far as we know.
    public enum Standing: String, Sendable {
        case inSync = "in-sync"
        case behind
        /// Refused, or never reached, so nothing is known of its vector.
        case unreachable
        /// Same changes, different content (see `outpost doctor`): syncing will not repair it.
        case diverged
    }

    public var peer: Peer
    /// The state to show: a recorded live state (connecting, connected, syncing) becomes offline when no
    /// `serve` runs, since nothing holds that connection any more.
    public var state: PeerState
    public var record: PeerBook.StateRecord?
    /// Changes (sequence numbers, summed over origin sites) we hold that the peer's last vector lacks.
    public var lacksFromUs: UInt64?
    /// Changes the peer's last vector holds that we lack.
    public var weLack: UInt64?
    /// Whether `weLack` rests only on the peer's claim (its Hello or an Ack), not confirmed by its CaughtUp:
    /// a peer can claim anything, so the figure is shown as a claim, not as a fact.
    public var weLackIsClaimed = false
    public var standing: Standing

    init(peer: Peer, record: PeerBook.StateRecord?, ours: SiteHeads, serving: Bool) {
        self.peer = peer
        self.record = record
        var state = record?.state ?? .offline
        if !serving && [.connecting, .connected, .syncing].contains(state) { state = .offline }
        self.state = state
        if let theirs = record?.heads {
            lacksFromUs = Self.missing(in: theirs, from: ours)
            weLack = Self.missing(in: ours, from: theirs)
            weLackIsClaimed = weLack! > 0 && record?.headsVerified != true
        }
        if record?.diverged != nil {
            standing = .diverged
        } else if state == .refused || lacksFromUs == nil
            || Self.unreachable(peer, record, state: state, serving: serving)
        {
            standing = .unreachable
        } else if lacksFromUs! > 0 || weLack! > 0 {
            standing = .behind
        } else {
            standing = .inSync
        }
    }

    /// A peer we dial is unreachable when a running `serve` holds no connection to it, or when the last
    /// attempt (`sync --once`) failed after the last contact. A peer that only dials us is judged by its
    /// vector alone: we cannot reach it, only wait for it.
    static func unreachable(_ peer: Peer, _ record: PeerBook.StateRecord?, state: PeerState, serving: Bool) -> Bool {
        guard peer.endpoint != nil else { return false }
        if serving && (state == .offline || state == .connecting) { return true }
        guard let errorAt = record?.lastErrorAt.flatMap(Timestamps.millis(ofTimestamp:)) else { return false }
        let contactAt = record?.lastContact.flatMap(Timestamps.millis(ofTimestamp:)) ?? 0
        return errorAt > contactAt
    }

    /// Σ over sites of how far `source` is ahead of `target`, saturating (a claimed vector may hold anything).
    static func missing(in target: SiteHeads, from source: SiteHeads) -> UInt64 {
        source.reduce(0) { sum, entry in
            let lag = entry.value > (target[entry.key] ?? 0) ? entry.value - (target[entry.key] ?? 0) : 0
            let (total, overflow) = sum.addingReportingOverflow(lag)
            return overflow ? .max : total
        }
    }

    /// A claimed count as text: absurd claims are not printed digit for digit as if they were figures.
    static func claimed(_ count: UInt64) -> String {
        count > UInt64(Int64.max) ? "more than \(Readable.count(Int(Int64.max)))" : Readable.count(Int(clamping: count))
    }

    /// The `we lack` cell: `4,212`, or `claims 4,212 (unverified)`.
    var weLackText: String {
        guard let weLack else { return "?" }
        return weLackIsClaimed ? "claims \(Self.claimed(weLack)) (unverified)" : Readable.count(Int(clamping: weLack))
    }

    /// A phrase for the verdict line, or nil when in sync: `west offline for 3h12m, lacks 4,212 changes`.
    func problem(now: Date) -> String? {
        guard standing != .inSync else { return nil }
        if standing == .diverged {
            return "\(peer.name) diverged (\(record?.diverged ?? "?") differ at equal vectors; see `outpost doctor`)"
        }
        if state == .refused { return "\(peer.name) refused" }
        guard lacksFromUs != nil else { return "\(peer.name) never reached" }
        var head = "\(peer.name) \(state.rawValue)"
        if state == .offline || state == .connecting {
            head = "\(peer.name) offline"
            if let age = Readable.age(record?.lastContact, now: now) {
                head += " for \(Readable.duration(seconds: max(0, age)))"
            }
        }
        var parts = [head]
        if let lacks = lacksFromUs, lacks > 0 {
            parts.append("lacks \(Readable.count(Int(clamping: lacks))) change\(lacks == 1 ? "" : "s")")
        }
        if let missing = weLack, missing > 0 {
            parts.append(
                weLackIsClaimed
                    ? "claims \(Self.claimed(missing)) we lack (unverified)"
                    : "has \(Readable.count(Int(clamping: missing))) we lack")
        }
        return parts.joined(separator: ", ")
    }

    func json(now: Date) -> JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        func integer(_ value: UInt64?) -> JSONValue { value.map { .integer(Int64(clamping: $0)) } ?? .null }
        return .object([
            "name": .string(peer.name), "endpoint": text(peer.endpoint), "role": text(peer.role),
            "region": text(peer.region), "node_id": text(record?.siteID?.uuidString.lowercased()),
            "state": .string(state.rawValue), "recorded_state": text(record?.state?.rawValue),
            "standing": .string(standing.rawValue), "last_contact": text(record?.lastContact),
            "last_sync": text(record?.lastSync), "lacks_from_us": integer(lacksFromUs),
            "we_lack": integer(weLack.map { min($0, UInt64(Int64.max)) }), "we_lack_unverified": .bool(weLackIsClaimed),
            "diverged": text(record?.diverged), "diverged_at": text(record?.divergedAt),
            "vector_as_of": text(record?.headsAt),
            "vector_age_seconds": Readable.age(record?.headsAt, now: now).map { .number(($0 * 10).rounded() / 10) }
                ?? .null,
            "changes_sent": .integer(record?.changesSent ?? 0),
            "changes_received": .integer(record?.changesReceived ?? 0),
            "changes_refused": .integer(record?.changesRefused ?? 0),
            "bytes_sent": .integer(record?.bytesSent ?? 0), "bytes_received": .integer(record?.bytesReceived ?? 0),
            "last_error": text(record?.lastError), "last_error_at": text(record?.lastErrorAt),
            "clock_skew_ms": record?.clockSkewMillis.map(JSONValue.integer) ?? .null,
        ])
    }
}
