// Encoded sizes, so the engine can cut batches to fit a peer's maximum message size without encoding twice.
extension Change {
    /// The bytes this change takes inside a batch, exact when its site-table index is below 128
    /// (a batch with up to 128 origin sites); each further 7 bits of index add a byte.
    public var encodedSize: Int {
        var size = 1 + Self.varintSize(UInt64(key.count)) + Self.varintSize(UInt64(values.count))
        size += Self.varintSize(UInt64(bitPattern: Int64(column) << 1 ^ Int64(column) >> 63))
        size += Self.varintSize(causalLength) + Self.varintSize(hlc) + 1 + Self.varintSize(seq)
        for value in key { size += value.encodedSize }
        for value in values { size += value.encodedSize }
        return size
    }

    static func varintSize(_ value: UInt64) -> Int {
        // One byte per started group of 7 significant bits, at least one.
        max(1, (64 - value.leadingZeroBitCount + 6) / 7)
    }
}

extension Value {
    /// The bytes this value takes on the wire, tag included.
    public var encodedSize: Int {
        switch self {
        case .null: 1
        case .integer(let value): 1 + Change.varintSize(UInt64(bitPattern: value << 1 ^ value >> 63))
        case .real: 9
        case .text(let value): 1 + Change.varintSize(UInt64(value.utf8.count)) + value.utf8.count
        case .blob(let value): 1 + Change.varintSize(UInt64(value.count)) + value.count
        }
    }
}
