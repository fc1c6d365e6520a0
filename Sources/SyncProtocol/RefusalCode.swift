/// Why a node refuses or ends a session. Travels as a UInt16; codes this build does not know decode as
/// ``other(_:)``, so a newer peer's reasons still arrive.
public enum RefusalCode: Sendable {
    /// The peer speaks a protocol version this node cannot. Wire code 1.
    case incompatibleProtocol
    /// The peer's replicated schema version is incompatible. Wire code 2.
    case incompatibleSchema
    /// The peer is not in this node's peer list. Wire code 3.
    case unknownPeer
    /// A message could not be decoded or broke the protocol. Wire code 4.
    case malformed
    /// A message exceeded a size or count limit. Wire code 5.
    case oversized
    /// The refusing node failed internally (e.g. its database). Wire code 6.
    case internalError
    /// The refusing node is stopping. Wire code 7.
    case shuttingDown
    /// The peer's clock (its Hello, or a change it sent) is too far ahead of the refusing node's. Wire code 8.
    case clockAhead
    /// The peer's Hello claims another region scope than the one this node granted it. Wire code 9.
    case scopeMismatch
    /// A code this build does not know.
    case other(UInt16)

    /// Maps a wire code to its case; unknown codes become ``other(_:)``.
    public init(rawValue: UInt16) {
        switch rawValue {
        case 1: self = .incompatibleProtocol
        case 2: self = .incompatibleSchema
        case 3: self = .unknownPeer
        case 4: self = .malformed
        case 5: self = .oversized
        case 6: self = .internalError
        case 7: self = .shuttingDown
        case 8: self = .clockAhead
        case 9: self = .scopeMismatch
        default: self = .other(rawValue)
        }
    }

    /// The wire code.
    public var rawValue: UInt16 {
        switch self {
        case .incompatibleProtocol: 1
        case .incompatibleSchema: 2
        case .unknownPeer: 3
        case .malformed: 4
        case .oversized: 5
        case .internalError: 6
        case .shuttingDown: 7
        case .clockAhead: 8
        case .scopeMismatch: 9
        case .other(let code): code
        }
    }
}

// Equality by wire code, so `.other(1)` (built by hand) equals `.incompatibleProtocol`.
extension RefusalCode: Hashable {
    public static func == (lhs: RefusalCode, rhs: RefusalCode) -> Bool { lhs.rawValue == rhs.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
}

extension RefusalCode: CustomStringConvertible {
    public var description: String {
        switch self {
        case .incompatibleProtocol: "incompatible protocol"
        case .incompatibleSchema: "incompatible schema"
        case .unknownPeer: "unknown peer"
        case .malformed: "malformed message"
        case .oversized: "oversized message"
        case .internalError: "internal error"
        case .shuttingDown: "shutting down"
        case .clockAhead: "clock ahead"
        case .scopeMismatch: "scope mismatch"
        case .other(let code): "refusal code \(code)"
        }
    }
}
