/// Per-table content hashes of the sender's replica at `versionVector` (kind 7).
///
/// Sent when both sides are caught up and their vectors are equal: equal vectors promise equal content, so a
/// differing hash means some origin issued two different changes under one sequence number (equivocation,
/// e.g. a restored backup or a copied node directory) and the two nodes have silently diverged.
public struct ContentDigest: Hashable, Sendable {
    /// One replicated table's row count and SHA-256 content hash.
    public struct Table: Hashable, Sendable {
        /// Table number in the replicated schema.
        public var table: UInt8
        /// Rows the table holds.
        public var rows: UInt64
        /// SHA-256 of the table's canonical row encoding: exactly ``ContentDigest/hashBytes`` bytes.
        public var hash: [UInt8]

        /// Creates a table entry; `hash` must be ``ContentDigest/hashBytes`` long to encode.
        public init(table: UInt8, rows: UInt64, hash: [UInt8]) {
            self.table = table
            self.rows = rows
            self.hash = hash
        }
    }

    /// Bytes of each table hash (SHA-256).
    public static let hashBytes = 32

    /// The sender's version vector the hashes were computed at (in the same database snapshot).
    public var versionVector: VersionVector
    /// Entries in ascending table order, each table at most once.
    public var tables: [Table]

    /// Creates a digest.
    public init(versionVector: VersionVector, tables: [Table]) {
        self.versionVector = versionVector
        self.tables = tables
    }
}

// Digest encoding (docs/protocol.md, "Digest"): the vector, then a count and (table u8, rows varint,
// 32 hash bytes) entries in strictly ascending table order, so one digest has exactly one encoding.
extension ContentDigest {
    func encode(to writer: inout WireWriter) {
        versionVector.encode(to: &writer)
        writer.writeVarint(UInt64(tables.count))
        for entry in tables.sorted(by: { $0.table < $1.table }) {
            writer.writeByte(entry.table)
            writer.writeVarint(entry.rows)
            precondition(entry.hash.count == Self.hashBytes, "a table hash is \(Self.hashBytes) bytes")
            for byte in entry.hash { writer.writeByte(byte) }
        }
    }

    init(from reader: inout WireReader) throws(WireError) {
        let versionVector = try VersionVector(from: &reader)
        // Each entry takes at least 34 bytes: table, one-byte row count, hash. At most 256 distinct tables.
        let count = try reader.readCount(limit: .digestTables, max: 256, minimumElementBytes: 2 + Self.hashBytes)
        var tables: [Table] = []
        tables.reserveCapacity(count)
        for _ in 0..<count {
            let start = reader.offset
            let table = try reader.readByte()
            if let previous = tables.last, previous.table >= table {
                throw reader.malformed("digest tables not in ascending order", at: start)
            }
            let rows = try reader.readStoredInteger(field: "digest row count")
            var hash: [UInt8] = []
            hash.reserveCapacity(Self.hashBytes)
            for _ in 0..<Self.hashBytes { hash.append(try reader.readByte()) }
            tables.append(Table(table: table, rows: rows, hash: hash))
        }
        self.init(versionVector: versionVector, tables: tables)
    }
}
