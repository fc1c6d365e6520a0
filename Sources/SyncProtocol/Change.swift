/// One replicated change: a cell, a row's existence, or a whole append-only row, as written by its origin.
///
/// The shape rules (checked by the decoder, see docs/protocol.md): `key` holds 1…4 values;
/// `column` is ≥ 0 for a cell (exactly one value), ``existenceColumn`` for the row's existence marker
/// (no values), or ``appendRowColumn`` for an append-only row (one value per column, at least one).
public struct Change: Hashable, Sendable {
    /// The column number of a row's existence marker (creation, or deletion tombstone).
    public static let existenceColumn: Int32 = -1
    /// The column number of a whole append-only row whose column values are in `values`.
    public static let appendRowColumn: Int32 = -2
    /// The largest number of primary-key values a change may carry.
    public static let maxKeyValues = 4

    /// Table number in the replicated schema.
    public var table: UInt8
    /// Primary-key values of the row.
    public var key: [Value]
    /// Column number within the table, or ``existenceColumn`` / ``appendRowColumn``.
    public var column: Int32
    /// Row generation: odd while the row is alive, even once deleted; a re-creation bumps it again.
    public var causalLength: UInt64
    /// Hybrid logical clock of the write: physical milliseconds << 16 | counter.
    public var hlc: UInt64
    /// The site that first wrote this change; relays keep it.
    public var site: SiteID
    /// The origin site's change sequence, from 1, gapless at the origin.
    public var seq: UInt64
    /// For an existence marker: the image of every non-key column when it creates the row (odd causal
    /// length), nothing when it deletes it. One value for a cell; every non-key column for an append row.
    public var values: [Value]

    /// Creates a change. No shape check here: the decoder rejects changes that break the shape rules.
    public init(
        table: UInt8, key: [Value], column: Int32, causalLength: UInt64, hlc: UInt64, site: SiteID, seq: UInt64,
        values: [Value]
    ) {
        self.table = table
        self.key = key
        self.column = column
        self.causalLength = causalLength
        self.hlc = hlc
        self.site = site
        self.seq = seq
        self.values = values
    }

    /// Whether the row is alive at this change's generation (odd causal length).
    public var rowIsAlive: Bool { causalLength % 2 == 1 }

    /// Whether key count, column and value count fit together as docs/protocol.md requires.
    public var hasValidShape: Bool {
        guard (1...Self.maxKeyValues).contains(key.count) else { return false }
        switch column {
        // A create carries the row's image (one value per non-key column); a tombstone carries none.
        case Self.existenceColumn: return rowIsAlive || values.isEmpty
        case Self.appendRowColumn: return !values.isEmpty
        case 0...: return values.count == 1
        default: return false
        }
    }
}
