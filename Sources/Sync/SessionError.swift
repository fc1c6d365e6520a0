import SyncProtocol

/// Why a session ended abnormally. The node logs it, records it for the peer, and keeps serving others.
public enum SessionError: Error, CustomStringConvertible, Sendable, Equatable {
    case malformed(String)
    case refusedByPeer(code: String, reason: String)
    case incompatible(String)
    case unknownPeer(String)
    case timedOut(String)
    /// A batch held a change this node must not merge (clock too far ahead, invalid value, integer out of
    /// range); nothing of it was applied.
    case refusedBatch(String)
    /// The peer said goodbye (`shuttingDown`): a normal end, not a failure.
    case closedByPeer(String)

    public var description: String {
        switch self {
        case .malformed(let detail): return "malformed message: \(detail)"
        case .refusedByPeer(let code, let reason): return "refused by peer (\(code)): \(reason)"
        case .incompatible(let detail): return "incompatible peer: \(detail)"
        case .unknownPeer(let detail): return "unknown peer: \(detail)"
        case .timedOut(let detail): return "timed out: \(detail)"
        case .refusedBatch(let detail): return "refused a batch: \(detail)"
        case .closedByPeer(let reason): return "ended by peer: \(reason)"
        }
    }
}
