import Foundation

/// The version of one cell or row event: its clock and origin. Versions are totally ordered by
/// `(hlc, site)`; the higher one wins a merge. `seq` is the origin's change sequence and only says where the
/// change sits in its origin's log.
public struct RowVersion: Sendable, Hashable, Comparable {
    public var hlc: UInt64
    public var site: UUID
    public var seq: UInt64

    public init(hlc: UInt64, site: UUID, seq: UInt64) {
        self.hlc = hlc
        self.site = site
        self.seq = seq
    }

    /// Placeholder for a generation known only through one of its cells (its create event not yet seen).
    /// Loses to every real version.
    public static let unknown = RowVersion(hlc: 0, site: UUID(uuid: UUID.nullBytes), seq: 0)

    public static func < (lhs: RowVersion, rhs: RowVersion) -> Bool {
        if lhs.hlc != rhs.hlc { return lhs.hlc < rhs.hlc }
        return lhs.site.lexicographicallyPrecedes(rhs.site)
    }
}

extension UUID {
    static let nullBytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    /// The 16 bytes of the id, in order.
    public var bytes: [UInt8] {
        withUnsafeBytes(of: uuid) { Array($0) }
    }

    /// Builds an id from exactly 16 bytes.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        var raw = UUID.nullBytes
        withUnsafeMutableBytes(of: &raw) { dst in
            // Contiguous storage copies in one go; the generic walk is the fallback.
            let copied: Void? = bytes.withContiguousStorageIfAvailable { source in
                dst.copyMemory(from: UnsafeRawBufferPointer(source))
            }
            if copied == nil {
                for (index, byte) in bytes.enumerated() { dst[index] = byte }
            }
        }
        self.init(uuid: raw)
    }

    /// Byte-wise order, the tie-break of last-writer-wins.
    func lexicographicallyPrecedes(_ other: UUID) -> Bool {
        withUnsafeBytes(of: uuid) { lhs in
            withUnsafeBytes(of: other.uuid) { rhs in lhs.lexicographicallyPrecedes(rhs) }
        }
    }
}
