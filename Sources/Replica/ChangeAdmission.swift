import Foundation
import SyncProtocol

/// The checks a batch of received changes passes before anything of it is merged: integers a replica can
/// store, clocks not beyond the allowed skew ahead of this node's wall clock, and values that import
/// would accept (``ValueRules``). Shape errors (unknown table, wrong value count) are left to the merge,
/// which refuses them the same way.
///
/// The clock bound keeps one node with a wrong clock (or a hostile peer) from dragging every node's hybrid
/// logical clock into the future, after which older writes would beat newer ones for as long as the error.
public struct ChangeAdmission: Sendable, Hashable {
    /// Five minutes, as HLC implementations commonly allow; NTP keeps healthy nodes within milliseconds.
    public static let defaultMaxClockAheadMillis: UInt64 = 5 * 60_000

    /// How far a change's physical time may be ahead of this node's wall clock.
    public var maxClockAheadMillis: UInt64

    public init(maxClockAheadMillis: UInt64 = Self.defaultMaxClockAheadMillis) {
        self.maxClockAheadMillis = maxClockAheadMillis
    }

    /// Throws for the first change (or `covers` entry) that must not be merged.
    public func check(
        _ changes: [ReplicaChange], covers: SiteHeads, wallMillis: UInt64, tables: TableCatalogue
    ) throws(ChangeRejection) {
        let limit = UInt64(Int64.max)
        for (site, seq) in covers where seq > limit {
            throw .outOfRange("covers \(seq) for site \(Self.short(site))")
        }
        // Timestamps above this are too far ahead; also keeps every accepted clock below Int64.max.
        let (sum, overflow) = wallMillis.addingReportingOverflow(maxClockAheadMillis)
        let latest = HybridLogicalClock.timestamp(millis: min(overflow ? .max : sum, limit >> 16))
        for change in changes {
            guard change.version.seq >= 1, change.version.seq <= limit else {
                throw .outOfRange("seq \(change.version.seq) of site \(Self.short(change.version.site))")
            }
            guard change.causalLength <= limit else {
                throw .outOfRange("causal length \(change.causalLength) in \(Self.describe(change, tables))")
            }
            if change.version.hlc > latest | 0xFFFF {
                let ahead = HybridLogicalClock.millis(of: change.version.hlc) &- wallMillis
                throw .clockAhead(
                    change: Self.describe(change, tables), aheadMillis: ahead, limitMillis: maxClockAheadMillis)
            }
            if let reason = Self.problem(with: change, tables: tables) {
                throw .invalidValue(change: Self.describe(change, tables), reason: reason)
            }
        }
    }

    /// Whether a peer's wall clock (`millis`) is within the bound of ours; nil when it is, else how far ahead.
    public func excess(ofPeerClock millis: UInt64, wallMillis: UInt64) -> UInt64? {
        millis > wallMillis && millis - wallMillis > maxClockAheadMillis ? millis - wallMillis : nil
    }

    /// What a receiver's value rules refuse in `change` (a size, a word, a type), or nil: the sender uses it too,
    /// to hold back a change no peer would accept instead of having every batch that carries it refused.
    public static func problem(with change: ReplicaChange, tables: TableCatalogue) -> String? {
        guard let table = tables.table(id: change.table) else { return nil }
        if let problem = ValueRules.problem(withKey: change.key, in: table) { return problem }
        switch change.column {
        case ReplicaChange.rowEvent, ReplicaChange.appendRow:
            guard change.values.count == table.columns.count else { return nil }
            for (column, value) in zip(table.columns, change.values) {
                if let problem = ValueRules.problem(with: value, column: column, in: table) { return problem }
            }
            return nil
        default:
            guard change.column >= 0, Int(change.column) < table.columns.count, change.values.count == 1 else {
                return nil
            }
            return ValueRules.problem(with: change.values[0], column: table.columns[Int(change.column)], in: table)
        }
    }

    /// `customers/C1 (change 7 of site 3f2a…)`, for reasons peers and admins read.
    static func describe(_ change: ReplicaChange, _ tables: TableCatalogue) -> String {
        let table = tables.table(id: change.table)?.name ?? "table \(change.table)"
        let key = change.key.map { String($0.prefix(40)) }.joined(separator: "/")
        return "\(table)/\(key) (change \(change.version.seq) of site \(short(change.version.site)))"
    }

    static func short(_ site: SiteID) -> String { String(site.description.prefix(8)) }
}
