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
