import SyncProtocol

/// The version of one cell or row event: its clock and origin. Versions are totally ordered by
/// `(hlc, site)`; the higher one wins a merge. `seq` is the origin's change sequence and only says where the
/// change sits in its origin's log.
public struct RowVersion: Sendable, Hashable, Comparable {
    public var hlc: UInt64
    public var site: SiteID
    public var seq: UInt64

    public init(hlc: UInt64, site: SiteID, seq: UInt64) {
        self.hlc = hlc
        self.site = site
        self.seq = seq
    }

    /// Placeholder for a generation known only through one of its cells (its create event not yet seen).
    /// Loses to every real version.
    public static let unknown = RowVersion(hlc: 0, site: SiteID(high: 0, low: 0), seq: 0)

    public static func < (lhs: RowVersion, rhs: RowVersion) -> Bool {
        if lhs.hlc != rhs.hlc { return lhs.hlc < rhs.hlc }
        // Site ids compare their bytes lexicographically: the tie-break of last-writer-wins.
        return lhs.site < rhs.site
    }
}
