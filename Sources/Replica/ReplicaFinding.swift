import Foundation
import SyncProtocol

/// One broken invariant of a replica, found by ``Replica/verify()``.
public struct ReplicaFinding: Sendable, Equatable {
    public enum Invariant: String, Sendable, CaseIterable {
        /// A declared table or column is missing from the database.
        case declaredSchema
        /// A live row of a mutable table has no existence marker of its generation (written outside Outpost).
        case rowClocks
        /// A live existence marker whose row is missing (deleted outside Outpost).
        case orphanClock
        /// A clock row, log entry or appended row names an origin site that is not registered.
        case knownSites
        /// An existence marker that no change-log entry points to: it would never be sent.
        case clockLogged
        /// An appended row outside every append run of its origin: it would never be sent.
        case appendRuns
        /// A stored key that does not decode to its table's key columns, or names no declared table.
        case keyEncoding
        /// A site's head (version-vector entry) below a change held from it.
        case heads
        /// This node's own site is not registered.
        case ownSite
    }

    public var invariant: Invariant
    /// The table concerned, when there is one.
    public var table: String?
    /// How many rows break it.
    public var count: Int
    /// A few of the keys concerned, parts joined by `/`.
    public var examples: [String]
    /// What is wrong, without the table and count (`row(s) without clock data: …`).
    public var detail: String
    /// For ``Invariant/heads``: the site, its ordinal, its head and the highest sequence held from it.
    public var site: SiteID?
    public var ordinal: Int64?
    public var head: UInt64?
    public var held: UInt64?

    public init(
        _ invariant: Invariant, table: String? = nil, count: Int = 1, examples: [String] = [], detail: String,
        site: SiteID? = nil, ordinal: Int64? = nil, head: UInt64? = nil, held: UInt64? = nil
    ) {
        self.invariant = invariant
        self.table = table
        self.count = count
        self.examples = examples
        self.detail = detail
        self.site = site
        self.ordinal = ordinal
        self.head = head
        self.held = held
    }
}
