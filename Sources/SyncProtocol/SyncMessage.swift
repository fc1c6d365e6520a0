/// A framed sync message: the unit one node sends another (one transport message each).
///
/// The frame is a 4-byte header — ASCII `O`, `P`, the protocol version, the message kind — followed by
/// the payload of that kind in that version. docs/protocol.md specifies every byte.
///
/// ```swift
/// let bytes = SyncMessage.v1(.heartbeat(Heartbeat(sentAtMillis: 300))).encode()
/// // [0x4F, 0x50, 0x01, 0x06, 0xAC, 0x02]
/// let message = try SyncMessage.decode(bytes, limits: DecodingLimits())
/// ```
public enum SyncMessage: Hashable, Sendable {
    /// A protocol version 1 message.
    case v1(MessageV1)

    /// The first two header bytes, ASCII "OP".
    public static let magic: (UInt8, UInt8) = (0x4F, 0x50)
    /// The header length in bytes.
    public static let headerBytes = 4
    /// The protocol versions this build decodes and encodes.
    public static let supportedProtocolVersions: ClosedRange<UInt16> = 1...1

    /// The protocol version byte of the frame header.
    public var protocolVersion: UInt8 {
        switch self {
        case .v1: 1
        }
    }

    /// The message kind byte of the frame header.
    public var kind: UInt8 {
        switch self {
        case .v1(let message): message.kind
        }
    }

    /// The frame: header, then payload.
    public func encode() -> [UInt8] {
        switch self {
        case .v1(let message):
            var writer = WireWriter(capacity: Self.headerBytes + message.estimatedPayloadBytes)
            writer.writeByte(Self.magic.0)
            writer.writeByte(Self.magic.1)
            writer.writeByte(protocolVersion)
            writer.writeByte(message.kind)
            message.encodePayload(to: &writer)
            return writer.bytes
        }
    }

    /// Decodes one whole frame. Throws ``WireError`` for anything but exactly one valid message,
    /// including bytes left over after it; checks the size limit before parsing anything.
    public static func decode(_ bytes: [UInt8], limits: DecodingLimits) throws(WireError) -> SyncMessage {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(WireError) in try decode(raw, limits: limits) }
        }
        return try result.get()
    }

    /// Decodes one whole frame from any byte collection (e.g. an `ArraySlice` or `Data`); the size limit is
    /// checked before the bytes are copied, if they are not contiguous.
    public static func decode(
        _ bytes: some Collection<UInt8>, limits: DecodingLimits
    ) throws(WireError) -> SyncMessage {
        guard bytes.count <= limits.maxMessageBytes else {
            throw .messageTooLarge(size: bytes.count, limit: limits.maxMessageBytes)
        }
        let contiguous = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(WireError) in try decode(UnsafeRawBufferPointer(buffer), limits: limits) }
        }
        return try (contiguous ?? Result { () throws(WireError) in try decode(Array(bytes), limits: limits) }).get()
    }

    /// Decodes one whole frame in place, e.g. straight from a transport's receive buffer. Nothing in the
    /// result refers to `bytes` afterwards.
    public static func decode(
        _ bytes: UnsafeRawBufferPointer, limits: DecodingLimits
    ) throws(WireError) -> SyncMessage {
        guard bytes.count <= limits.maxMessageBytes else {
            throw .messageTooLarge(size: bytes.count, limit: limits.maxMessageBytes)
        }
        var reader = WireReader(bytes, limits: limits)
        let first = try reader.readByte()
        let second = try reader.readByte()
        guard (first, second) == magic else { throw .badMagic }
        let version = try reader.readByte()
        guard supportedProtocolVersions.contains(UInt16(version)) else { throw .unsupportedVersion(version) }
        let kind = try reader.readByte()
        let message: SyncMessage = .v1(try MessageV1.decodePayload(kind: kind, from: &reader))
        guard reader.remaining == 0 else { throw .trailingBytes(offset: reader.offset) }
        return message
    }
}
