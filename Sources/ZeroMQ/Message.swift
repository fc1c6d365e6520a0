/// A received multipart message with what the connection's handshake established about its sender.
public struct Message: Sendable, Hashable {
    /// The frames, in order. A ROUTER's first frame is the sender's routing id.
    public var frames: [[UInt8]]
    /// The ZAP `User-Id` of the sending connection: over CURVE with a ``ZAPAuthenticator``, the client's public
    /// key in Z85. `nil` without ZAP.
    public var userID: String?
    /// The sender's address (`Peer-Address`), for tcp connections.
    public var peerAddress: String?
    /// The connection it arrived on, for tcp connections: lets a ROUTER's owner end that one connection
    /// (``PeerConnection/cut()``), which ZeroMQ's own API cannot.
    public var connection: PeerConnection?

    /// Creates a message.
    public init(
        frames: [[UInt8]], userID: String? = nil, peerAddress: String? = nil, connection: PeerConnection? = nil
    ) {
        self.frames = frames
        self.userID = userID
        self.peerAddress = peerAddress
        self.connection = connection
    }

    /// The sender's CURVE public key, decoded from ``userID``.
    public var senderKey: CurveKey? { userID.flatMap { try? CurveKey(z85: $0) } }
}
