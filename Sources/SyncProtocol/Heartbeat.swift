/// Liveness ping on an otherwise idle session.
public struct Heartbeat: Hashable, Sendable {
    /// The sender's wall clock in Unix milliseconds.
    public var sentAtMillis: UInt64

    /// Creates a heartbeat.
    public init(sentAtMillis: UInt64) {
        self.sentAtMillis = sentAtMillis
    }
}
