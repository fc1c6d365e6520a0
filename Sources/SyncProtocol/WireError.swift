/// Why bytes from a peer are not a valid message. Offsets count bytes from the start of the message.
///
/// Every decoding failure is one of these; the decoder never traps and never allocates from an
/// unchecked length. ``refusalCode`` says which ``RefusalCode`` the session should end with.
public enum WireError: Error, Hashable, Sendable {
    /// The message is longer than ``DecodingLimits/maxMessageBytes``; nothing was parsed.
    case messageTooLarge(size: Int, limit: Int)
    /// The first two bytes are not the ASCII magic `OP`.
    case badMagic
    /// The frame's protocol version is not one this build speaks: refuse with `incompatibleProtocol`.
    case unsupportedVersion(UInt8)
    /// The frame's message kind is not defined in its protocol version.
    case unknownKind(UInt8)
    /// The message ends (or a length or count points) past the last byte.
    case truncated(offset: Int)
    /// A varint is longer than 10 bytes or not in its shortest form.
    case overlongVarint(offset: Int)
    /// A varint does not fit in 64 bits.
    case varintOverflow(offset: Int)
    /// An integer does not fit the field it encodes (e.g. a protocol version above 65535).
    case valueOutOfRange(field: String, offset: Int)
    /// Text that is not valid UTF-8.
    case invalidUTF8(offset: Int)
    /// A value tag outside 0…4.
    case unknownValueTag(UInt8, offset: Int)
    /// A count or length above one of the receiver's ``DecodingLimits``.
    case limitExceeded(DecodingLimits.Limit, count: UInt64, offset: Int)
    /// Well-formed bytes that break a rule of the format (unsorted vector, bad change shape, …).
    case malformed(reason: String, offset: Int)
    /// Bytes left over after a complete message.
    case trailingBytes(offset: Int)

    /// The refusal a node sends before ending the session over this error.
    public var refusalCode: RefusalCode {
        switch self {
        case .unsupportedVersion: .incompatibleProtocol
        case .messageTooLarge, .limitExceeded: .oversized
        default: .malformed
        }
    }
}

extension WireError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .messageTooLarge(let size, let limit): "message of \(size) bytes exceeds the limit of \(limit)"
        case .badMagic: "not an Outpost sync message (bad magic)"
        case .unsupportedVersion(let version): "unsupported protocol version \(version)"
        case .unknownKind(let kind): "unknown message kind \(kind)"
        case .truncated(let offset): "message truncated at byte \(offset)"
        case .overlongVarint(let offset): "overlong varint at byte \(offset)"
        case .varintOverflow(let offset): "varint overflows 64 bits at byte \(offset)"
        case .valueOutOfRange(let field, let offset): "\(field) out of range at byte \(offset)"
        case .invalidUTF8(let offset): "invalid UTF-8 text at byte \(offset)"
        case .unknownValueTag(let tag, let offset): "unknown value tag \(tag) at byte \(offset)"
        case .limitExceeded(let limit, let count, let offset):
            "\(limit) of \(count) exceeds the limit at byte \(offset)"
        case .malformed(let reason, let offset): "\(reason) at byte \(offset)"
        case .trailingBytes(let offset): "unexpected bytes after the message at byte \(offset)"
        }
    }
}
