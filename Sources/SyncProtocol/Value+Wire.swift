// Value encoding: one tag byte, then the tag's payload (docs/protocol.md, "Values").
extension Value {
    enum Tag: UInt8 {
        case null = 0
        case integer = 1
        case real = 2
        case text = 3
        case blob = 4
    }

    func encode(to writer: inout WireWriter) {
        switch self {
        case .null:
            writer.writeByte(Tag.null.rawValue)
        case .integer(let value):
            writer.writeByte(Tag.integer.rawValue)
            writer.writeSignedVarint(value)
        case .real(let value):
            writer.writeByte(Tag.real.rawValue)
            writer.writeDouble(value)
        case .text(let value):
            writer.writeByte(Tag.text.rawValue)
            writer.writeString(value)
        case .blob(let value):
            writer.writeByte(Tag.blob.rawValue)
            writer.writeLengthPrefixed(value)
        }
    }

    init(from reader: inout WireReader) throws(WireError) {
        let start = reader.offset
        let tag = try reader.readByte()
        switch Tag(rawValue: tag) {
        case .null: self = .null
        case .integer: self = .integer(try reader.readSignedVarint())
        case .real: self = .real(try reader.readDouble())
        case .text: self = .text(try reader.readString())
        case .blob: self = .blob(try reader.readBlob())
        case nil: throw .unknownValueTag(tag, offset: start)
        }
    }

    /// A list of values: varint count (capped by `max`), then each value.
    static func decodeList(from reader: inout WireReader, max: Int) throws(WireError) -> [Value] {
        let count = try reader.readCount(limit: .valuesPerChange, max: max, minimumElementBytes: 1)
        var values: [Value] = []
        values.reserveCapacity(count)
        for _ in 0..<count {
            values.append(try Value(from: &reader))
        }
        return values
    }

    static func encodeList(_ values: [Value], to writer: inout WireWriter) {
        writer.writeVarint(UInt64(values.count))
        for value in values {
            value.encode(to: &writer)
        }
    }
}
