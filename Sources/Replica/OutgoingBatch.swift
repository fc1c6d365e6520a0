import Foundation

/// Changes a peer lacks, read in origin-sequence order, and how far they take the peer.
public struct OutgoingBatch: Sendable {
    public var changes: [ReplicaChange]
    /// After applying `changes`, the receiver holds every change up to these sequences (or something that
    /// supersedes them): compacted gaps are covered here.
    public var covers: SiteHeads
    /// True when nothing the peer lacks remains after this batch.
    public var isLast: Bool
}
