import CZeroMQ
import Foundation

/// One tcp connection a message arrived on: its file descriptor (`ZMQ_SRCFD`) and both ends' addresses.
///
/// ZeroMQ gives a ROUTER no way to close one peer's connection; a node that revokes a key, replaces a peer's
/// older connection or ends a misbehaving session must still stop that connection from using memory and
/// bandwidth. ``cut()`` shuts the socket down under libzmq, which then sees end-of-stream and tears the
/// connection down itself (and the peer sees a disconnect).
public struct PeerConnection: Sendable, Hashable {
    /// The socket's file descriptor, owned by libzmq's I/O thread.
    public let descriptor: Int32
    /// `getpeername` and `getsockname` when the message arrived: together they name this connection, so a
    /// descriptor that libzmq closed and the kernel reused for another connection is never cut by mistake.
    private let remote: [UInt8]
    private let local: [UInt8]

    /// The connection of a received frame, reusing `cached` when it is the same one; nil for non-tcp transports.
    static func of(_ message: UnsafeMutablePointer<zmq_msg_t>, reusing cached: PeerConnection?) -> PeerConnection? {
        let descriptor = zmq_msg_get(message, ZMQ_SRCFD)
        guard descriptor >= 0 else { return nil }
        if let cached, cached.descriptor == descriptor, cached.isCurrent { return cached }
        return PeerConnection(descriptor: descriptor)
    }

    /// Captures `descriptor`'s current addresses; nil if it is not a connected socket.
    init?(descriptor: Int32) {
        guard let remote = Self.address(descriptor, getpeername), let local = Self.address(descriptor, getsockname)
        else { return nil }
        self.descriptor = descriptor
        self.remote = remote
        self.local = local
    }

    /// Whether the descriptor still refers to this connection.
    var isCurrent: Bool {
        Self.address(descriptor, getpeername) == remote && Self.address(descriptor, getsockname) == local
    }

    /// Ends the connection (both directions); returns false when it had already gone.
    ///
    /// `shutdown` does not close the descriptor, so libzmq's I/O thread keeps a valid one and closes it when it
    /// notices; calling it from another thread is safe.
    @discardableResult
    public func cut() -> Bool {
        guard isCurrent else { return false }
        return shutdown(descriptor, Int32(SHUT_RDWR)) == 0
    }

    private static func address(
        _ descriptor: Int32,
        _ query: (Int32, UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> Int32
    ) -> [UInt8]? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { query(descriptor, $0, &length) }
        }
        guard result == 0 else { return nil }
        return withUnsafeBytes(of: &storage) { Array($0.prefix(Int(length))) }
    }
}
