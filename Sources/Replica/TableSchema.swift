/// The declaration of one table a module owns: its wire number, key and columns, how it merges, and the scope
/// its rows belong to. Modules declare their tables in a ``TableOwner``; ``Replica`` creates, checks and
/// replicates them without knowing what they hold.
///
/// Mutable tables merge per column (last writer wins on `(hlc, site)`) with a row-level causal length for
/// deletes; append-only tables merge as grow-only sets keyed by their id; local tables never leave the node.
/// See docs/conflicts.md.
public struct TableSchema: Sendable, Hashable {
    /// How rows of a table merge.
    public enum Kind: Sendable, Hashable {
        /// Per-column last-writer-wins cells and a row existence marker (create/delete).
        case mutable
        /// Grow-only set of immutable rows; each row carries its origin `(site, seq)` itself.
        case appendOnly
        /// Not replicated: the node's own bookkeeping or derived data. No wire number, no clocks.
        case local
    }

    /// Wire number of the table; never reused. 0 for local tables, which never travel.
    public let id: UInt8
    public let name: String
    /// Key columns (all text), in order.
    public let keyColumns: [String]
    /// Non-key columns. For mutable tables a cell's column number is its index here.
    public let columns: [String]
    /// Columns holding numbers (`INTEGER` or `REAL` affinity); the rest are text.
    public let numericColumns: Set<String>
    public let kind: Kind
    /// Which rows of the table a scoped node holds: what the engine filters, refuses, purges and backfills by.
    public let scope: TableScope
    /// What each column may hold beyond plain optional text (see ``ValueRules``): checked on import and on
    /// receipt alike.
    public let valueKinds: [String: ValueRules.Kind]
    /// Columns a row may not leave NULL.
    public let requiredColumns: Set<String>

    public init(
        id: UInt8, name: String, keyColumns: [String], columns: [String], numericColumns: Set<String> = [],
        kind: Kind, scope: TableScope, valueKinds: [String: ValueRules.Kind] = [:], requiredColumns: Set<String> = []
    ) {
        self.id = id
        self.name = name
        self.keyColumns = keyColumns
        self.columns = columns
        self.numericColumns = numericColumns
        self.kind = kind
        self.scope = scope
        self.valueKinds = valueKinds
        self.requiredColumns = requiredColumns
    }

    /// Whether changes to the table replicate.
    public var isReplicated: Bool { kind != .local }

    /// The columns SQLite must hold besides the declared ones: the engine's bookkeeping.
    public var bookkeepingColumns: [String] {
        switch kind {
        case .mutable: return ["updated_at", "_cl", "_clocks"]
        case .appendOnly: return ["_site", "_seq"]
        case .local: return []
        }
    }

    /// All columns of an append-only row in wire order: keys then the rest.
    public var allColumns: [String] { keyColumns + columns }

    /// The column number of `name`, if it is a non-key column.
    public func columnNumber(_ name: String) -> Int? { columns.firstIndex(of: name) }
}
