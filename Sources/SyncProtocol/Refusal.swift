/// Sent instead of (or after) a hello to end a session, with a reason both sides log.
public struct Refusal: Hashable, Sendable {
    /// The machine-readable reason.
    public var code: RefusalCode
    /// A human-readable explanation, e.g. "schema 3 is newer than this node's 2; upgrade outpost".
    public var reason: String

    /// Creates a refusal.
    public init(code: RefusalCode, reason: String) {
        self.code = code
        self.reason = reason
    }
}
