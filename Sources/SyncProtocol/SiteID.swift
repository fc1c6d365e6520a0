/// The 128-bit random identity of a node (a "site" in replication terms).
///
/// Every change carries the site id of the node that first wrote it, and relays keep it, so a
/// version vector can say "I hold site X's changes up to sequence N" no matter which peer delivered them.
/// On the wire a site id is its 16 bytes in order; ordering compares those bytes lexicographically.
public struct SiteID: Hashable, Comparable, Sendable {
    /// Bytes 0–7, big-endian, so comparing `(high, low)` compares the bytes lexicographically.
    public let high: UInt64
    /// Bytes 8–15, big-endian.
    public let low: UInt64

    /// Creates a site id from its two big-endian halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Creates a site id from exactly 16 bytes; returns nil for any other length.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (offset, byte) in bytes.enumerated() {
            if offset < 8 {
                high = high << 8 | UInt64(byte)
            } else {
                low = low << 8 | UInt64(byte)
            }
        }
        self.init(high: high, low: low)
    }

    /// Parses 32 hexadecimal digits (either case), the form `description` prints.
    public init?(hex: some StringProtocol) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 32 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(16)
        var index = 0
        while index < 32 {
            guard let hi = Self.nibble(utf8[index]), let lo = Self.nibble(utf8[index + 1]) else { return nil }
            bytes.append(hi << 4 | lo)
            index += 2
        }
        self.init(bytes: bytes)
    }

    /// A fresh random site id. Two nodes colliding is as likely as two random UUIDs colliding.
    public static func random() -> SiteID {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    /// A random site id from the given generator (seeded generators make tests deterministic).
    public static func random(using generator: inout some RandomNumberGenerator) -> SiteID {
        SiteID(high: generator.next(), low: generator.next())
    }

    /// The 16 bytes in wire order.
    public var bytes: [UInt8] {
        var result = [UInt8](repeating: 0, count: 16)
        for index in 0..<8 {
            result[index] = UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64(index)))
            result[index + 8] = UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64(index)))
        }
        return result
    }

    public static func < (lhs: SiteID, rhs: SiteID) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }

    private static func nibble(_ char: UInt8) -> UInt8? {
        switch char {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): char - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): char - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): char - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension SiteID: CustomStringConvertible {
    /// 32 lowercase hexadecimal digits.
    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        var chars = [UInt8]()
        chars.reserveCapacity(32)
        for byte in bytes {
            chars.append(digits[Int(byte >> 4)])
            chars.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: chars, as: UTF8.self)
    }
}
