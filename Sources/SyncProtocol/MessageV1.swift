/// The messages of protocol version 1. A future version gets its own enum and a case in ``SyncMessage``,
/// so code handling v1 keeps compiling and a v2 peer is recognised rather than misparsed.
public enum MessageV1: Hashable, Sendable {
    /// Opens a session (kind 1).
    case hello(Hello)
    /// Refuses or ends a session (kind 2).
    case refusal(Refusal)
    /// Carries changes (kind 3).
    case batch(ChangeBatch)
    /// Acknowledges an applied batch (kind 4).
    case ack(Ack)
    /// Says the sender has nothing more beyond the peer's vector (kind 5).
    case caughtUp(CaughtUp)
    /// Keeps an idle session alive (kind 6).
    case heartbeat(Heartbeat)
    /// Per-table content hashes at an equal version vector, to detect divergence (kind 7).
    case digest(ContentDigest)

    /// The message kind byte of the frame header.
    public var kind: UInt8 {
        switch self {
        case .hello: 1
        case .refusal: 2
        case .batch: 3
        case .ack: 4
        case .caughtUp: 5
        case .heartbeat: 6
        case .digest: 7
        }
    }

    /// A short name for logs: `hello`, `batch`, …
    public var kindName: String {
        switch self {
        case .hello: "hello"
        case .refusal: "refusal"
        case .batch: "batch"
        case .ack: "ack"
        case .caughtUp: "caughtUp"
        case .heartbeat: "heartbeat"
        case .digest: "digest"
        }
    }
}
