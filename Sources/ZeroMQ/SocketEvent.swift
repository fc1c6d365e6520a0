import CZeroMQ

/// Socket life events that a monitor reports (`ZMQ_EVENT_…`); an option set to choose which to watch, and the
/// kind of one ``MonitorEvent``.
public struct SocketEvent: OptionSet, Sendable, Hashable, CustomStringConvertible {
    /// The libzmq event bits.
    public let rawValue: UInt32
    /// Wraps libzmq event bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// A connect completed at the tcp level (value: the fd).
    public static let connected = SocketEvent(rawValue: UInt32(ZMQ_EVENT_CONNECTED))
    /// A connect is in progress.
    public static let connectDelayed = SocketEvent(rawValue: UInt32(ZMQ_EVENT_CONNECT_DELAYED))
    /// A reconnect is scheduled (value: the wait in ms).
    public static let connectRetried = SocketEvent(rawValue: UInt32(ZMQ_EVENT_CONNECT_RETRIED))
    /// A bind is listening.
    public static let listening = SocketEvent(rawValue: UInt32(ZMQ_EVENT_LISTENING))
    /// A bind failed (value: errno).
    public static let bindFailed = SocketEvent(rawValue: UInt32(ZMQ_EVENT_BIND_FAILED))
    /// A listener accepted a connection.
    public static let accepted = SocketEvent(rawValue: UInt32(ZMQ_EVENT_ACCEPTED))
    /// A listener failed to accept (value: errno).
    public static let acceptFailed = SocketEvent(rawValue: UInt32(ZMQ_EVENT_ACCEPT_FAILED))
    /// A connection's socket closed.
    public static let closed = SocketEvent(rawValue: UInt32(ZMQ_EVENT_CLOSED))
    /// Closing a connection's socket failed (value: errno).
    public static let closeFailed = SocketEvent(rawValue: UInt32(ZMQ_EVENT_CLOSE_FAILED))
    /// A session ended: the peer went away, timed out on heartbeats, or failed its handshake.
    public static let disconnected = SocketEvent(rawValue: UInt32(ZMQ_EVENT_DISCONNECTED))
    /// The monitored socket closed: the last event a monitor sends.
    public static let monitorStopped = SocketEvent(rawValue: UInt32(ZMQ_EVENT_MONITOR_STOPPED))
    /// A handshake failed for an unspecified reason (value: errno).
    public static let handshakeFailedNoDetail = SocketEvent(rawValue: UInt32(ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL))
    /// The ZMTP (and CURVE) handshake succeeded: the peer is really there and admitted.
    public static let handshakeSucceeded = SocketEvent(rawValue: UInt32(ZMQ_EVENT_HANDSHAKE_SUCCEEDED))
    /// A handshake failed on a protocol error, such as a CURVE client using the wrong server key
    /// (value: `ZMQ_PROTOCOL_ERROR_…`).
    public static let handshakeFailedProtocol = SocketEvent(rawValue: UInt32(ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL))
    /// ZAP refused the handshake (value: the ZAP status code, such as 400).
    public static let handshakeFailedAuth = SocketEvent(rawValue: UInt32(ZMQ_EVENT_HANDSHAKE_FAILED_AUTH))

    /// Every handshake failure.
    public static let handshakeFailed: SocketEvent = [
        .handshakeFailedNoDetail, .handshakeFailedProtocol, .handshakeFailedAuth,
    ]
    /// Every event.
    public static let all = SocketEvent(rawValue: UInt32(ZMQ_EVENT_ALL))

    private static let names: [(SocketEvent, String)] = [
        (.connected, "connected"), (.connectDelayed, "connectDelayed"), (.connectRetried, "connectRetried"),
        (.listening, "listening"), (.bindFailed, "bindFailed"), (.accepted, "accepted"),
        (.acceptFailed, "acceptFailed"), (.closed, "closed"), (.closeFailed, "closeFailed"),
        (.disconnected, "disconnected"), (.monitorStopped, "monitorStopped"),
        (.handshakeFailedNoDetail, "handshakeFailedNoDetail"), (.handshakeSucceeded, "handshakeSucceeded"),
        (.handshakeFailedProtocol, "handshakeFailedProtocol"), (.handshakeFailedAuth, "handshakeFailedAuth"),
    ]

    /// The names of the events in the set, such as `[connected, handshakeSucceeded]`.
    public var description: String {
        "[" + Self.names.filter { contains($0.0) }.map(\.1).joined(separator: ", ") + "]"
    }
}
