import Foundation

/// The clocks of a row's edited cells, kept in the row itself (`_clocks`), so a field update writes one row
/// (and appends to the change log) instead of also maintaining a clock table. A column without an entry
/// inherits the version of the row's create. Encoding: per entry, little-endian column (u16), hlc (u64),
/// site ordinal (u32), sequence (u64); entries in column order.
struct CellClocks: Equatable {
    struct Entry: Equatable {
        var column: Int
        var hlc: UInt64
        var site: Int64
        var seq: UInt64
    }

    private(set) var entries: [Entry] = []
    private static let width = 22

    init() {}

    init(_ value: DatabaseValueBytes?) {
        guard let value, value.count % Self.width == 0 else { return }
        value.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                entries.append(
                    Entry(
                        column: Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self))),
                        hlc: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 2, as: UInt64.self)),
                        site: Int64(
                            UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 10, as: UInt32.self))),
                        seq: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 14, as: UInt64.self))))
                offset += Self.width
            }
        }
    }

    subscript(column: Int) -> Entry? { entries.first { $0.column == column } }

    mutating func set(_ entry: Entry) {
        if let index = entries.firstIndex(where: { $0.column == entry.column }) {
            entries[index] = entry
        } else {
            entries.append(entry)
            entries.sort { $0.column < $1.column }
        }
    }

    mutating func remove(column: Int) { entries.removeAll { $0.column == column } }

    /// The stored form, or nil (SQL NULL) when no cell has its own clock.
    var encoded: Data? {
        guard !entries.isEmpty else { return nil }
        var data = Data(capacity: entries.count * Self.width)
        for entry in entries {
            withUnsafeBytes(of: UInt16(entry.column).littleEndian) { data.append(contentsOf: $0) }
            withUnsafeBytes(of: entry.hlc.littleEndian) { data.append(contentsOf: $0) }
            withUnsafeBytes(of: UInt32(truncatingIfNeeded: entry.site).littleEndian) { data.append(contentsOf: $0) }
            withUnsafeBytes(of: entry.seq.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }
}

typealias DatabaseValueBytes = Data
