import GRDB

/// What applying a batch of remote changes did.
public struct MergeOutcome: Sendable {
    /// Changes that altered the replica.
    public var applied = 0
    /// Changes already present or superseded (re-delivery, older generation, lower version).
    public var ignored = 0
    /// Concurrent writes to one cell that last-writer-wins resolved.
    public var conflicts: [MergeConflict] = []
    /// Changes outside the scope granted to the sender: not applied (see ``RefusedChange``).
    public var refused: [RefusedChange] = []
    /// Rows this node removed because the batch moved them out of its own scope (a customer moved to another
    /// region), with the rows that follow them: table name and key of each region-scoped row purged, and how
    /// many rows went in all.
    public var purged: [PurgedRow] = []

    /// Rows removed in all by ``purged`` (children included).
    public var purgedRows: Int { purged.reduce(0) { $0 + $1.rows } }

    public init() {}
}

/// Two concurrent writes to one cell and how last-writer-wins resolved them.
public struct MergeConflict: Sendable, Hashable {
    public struct Side: Sendable, Hashable {
        public var version: RowVersion
        public var value: DatabaseValue
    }
    public var table: String
    public var key: [String]
    public var column: String
    public var winner: Side
    public var loser: Side
}

/// A received change this node would not apply because it lies outside the scope granted to its sender.
public struct RefusedChange: Sendable, Hashable {
    public var table: String
    public var key: [String]
    public var version: RowVersion
    public var reason: String
}

/// A region-scoped row purged because it moved out of this node's scope (see ``MergeOutcome/purged``).
public struct PurgedRow: Sendable, Hashable {
    public var table: String
    public var key: [String]
    /// The row and the rows that followed it.
    public var rows: Int
}
