/// Appends the primitives of docs/protocol.md ("Primitives") to a growing byte array.
///
/// A plain `[UInt8]` with reserved capacity: appends of single bytes compile to a capacity check and
/// a store, and no value allocates anything of its own while being written.
struct WireWriter {
    private(set) var bytes: [UInt8]

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    mutating func writeByte(_ byte: UInt8) {
        bytes.append(byte)
    }

    /// Unsigned LEB128, shortest form: 7 bits per byte, low group first, high bit set on all but the last.
    mutating func writeVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    /// Zigzag-mapped signed varint: 0, -1, 1, -2, … become 0, 1, 2, 3, …
    mutating func writeSignedVarint(_ value: Int64) {
        writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// The IEEE-754 bit pattern, 8 bytes little-endian.
    mutating func writeDouble(_ value: Double) {
        let bits = value.bitPattern
        for shift in stride(from: 0, to: 64, by: 8) {
            bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
        }
    }

    /// Varint length, then the bytes.
    mutating func writeLengthPrefixed(_ data: [UInt8]) {
        writeVarint(UInt64(data.count))
        bytes.append(contentsOf: data)
    }

    /// Varint UTF-8 length, then the UTF-8 bytes.
    mutating func writeString(_ string: String) {
        let utf8 = string.utf8
        writeVarint(UInt64(utf8.count))
        // Native Swift strings are contiguous UTF-8: one memcpy instead of a per-byte loop.
        let copied: Void? = utf8.withContiguousStorageIfAvailable { bytes.append(contentsOf: $0) }
        if copied == nil {
            bytes.append(contentsOf: utf8)
        }
    }

    /// The 16 bytes in order.
    mutating func writeSiteID(_ site: SiteID) {
        withUnsafeBytes(of: site.high.bigEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: site.low.bigEndian) { bytes.append(contentsOf: $0) }
    }
}
