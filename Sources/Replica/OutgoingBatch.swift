import Foundation

/// Changes a peer lacks, read in origin-sequence order, and how far they take the peer.
public struct OutgoingBatch: Sendable {
    public var changes: [ReplicaChange]
    /// After applying `changes`, the receiver holds every change up to these sequences (or something that
    /// supersedes them): compacted gaps are covered here.
    public var covers: SiteHeads
    /// True when nothing the peer lacks remains after this batch.
    public var isLast: Bool
    /// Rows that ride with a change of `changes` (by its index) because that change moved a row into the
    /// peer's scope: the row's and its followers' current state with their original clocks, all at or below what
    /// the peer holds or this batch covers (see `RowBackfill`). Empty for a peer granted `all`.
    public var backfill: [Int: [ReplicaChange]] = [:]
}
