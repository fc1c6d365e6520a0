/// The receiver's bounds on what a peer may make it parse and allocate.
///
/// Independently of these, every count is also capped by the bytes left in the message (each element
/// takes at least one byte), so a hostile length field can never make the decoder reserve more memory
/// than the message itself occupies.
public struct DecodingLimits: Hashable, Sendable {
    /// The limit a ``WireError/limitExceeded(_:count:offset:)`` names.
    public enum Limit: String, Hashable, Sendable, CustomStringConvertible {
        /// ``DecodingLimits/maxChangesPerBatch``.
        case changesPerBatch = "changes per batch"
        /// ``DecodingLimits/maxStringBytes``.
        case stringBytes = "text or blob bytes"
        /// ``DecodingLimits/maxValuesPerChange``.
        case valuesPerChange = "values per change"
        /// ``DecodingLimits/maxSites``.
        case sites = "sites"
        /// Tables in a digest: at most 256, one per table number.
        case digestTables = "digest tables"

        public var description: String { rawValue }
    }

    /// Largest whole message, header included.
    public var maxMessageBytes: Int
    /// Most changes in one batch.
    public var maxChangesPerBatch: Int
    /// Longest text or blob (value, name, reason), in bytes.
    public var maxStringBytes: Int
    /// Most values in one change (an append-only row carries one per column).
    public var maxValuesPerChange: Int
    /// Most entries in a version vector or in a batch's site table.
    public var maxSites: Int

    /// Creates limits; the defaults suit batches of up to a few tens of thousands of rows.
    public init(
        maxMessageBytes: Int = 32 << 20, maxChangesPerBatch: Int = 100_000, maxStringBytes: Int = 4 << 20,
        maxValuesPerChange: Int = 256, maxSites: Int = 65_536
    ) {
        self.maxMessageBytes = maxMessageBytes
        self.maxChangesPerBatch = maxChangesPerBatch
        self.maxStringBytes = maxStringBytes
        self.maxValuesPerChange = maxValuesPerChange
        self.maxSites = maxSites
    }
}
