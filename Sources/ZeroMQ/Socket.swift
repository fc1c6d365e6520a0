import CZeroMQ

/// A libzmq socket. Not thread-safe, hence not `Sendable`: use it from one thread (see ``Context``).
///
/// Closing is explicit: call ``close()`` (idempotent) when done. Like swift-nio's sockets, a socket is not meant to
/// be closed by `deinit`: dropping an open one is a bug that trips an assertion in debug builds; release builds
/// close it quietly. The socket keeps its ``context`` alive.
///
/// ```swift
/// let dealer = try Socket(context, type: .dealer)
/// defer { dealer.close() }
/// try dealer.connect(endpoint)
/// try dealer.send([Array("hello".utf8)])
/// let reply = try dealer.receive(wait: .timeout(.seconds(1)))
/// ```
///
/// See [zmq_socket](http://api.zeromq.org/4-3:zmq-socket).
public final class Socket {
    /// The context this socket lives in; kept alive as long as the socket.
    public let context: Context
    /// The socket's pattern.
    public let type: SocketType
    private var rawHandle: UnsafeMutableRawPointer?

    /// Creates a socket of `type` in `context`.
    public init(_ context: Context, type: SocketType) throws(ZMQError) {
        guard let handle = zmq_socket(context.handle, type.rawValue) else {
            throw lastZMQError("zmq_socket(\(type))")
        }
        self.context = context
        self.type = type
        self.rawHandle = handle
    }

    deinit {
        guard let rawHandle else { return }
        assertionFailure("\(type) socket deallocated while open: call close() when done with it")
        zmq_close(rawHandle)
    }

    /// The open handle. Using a closed socket is a programmer error, not a runtime condition.
    var handle: UnsafeMutableRawPointer {
        guard let rawHandle else { preconditionFailure("use of a closed \(type) socket") }
        return rawHandle
    }

    /// Whether ``close()`` was called.
    public var isClosed: Bool { rawHandle == nil }

    /// Closes the socket (`zmq_close`); pending outgoing messages follow the socket's linger. Idempotent.
    public func close() {
        guard let rawHandle else { return }
        zmq_close(rawHandle)
        self.rawHandle = nil
    }

    /// Listens on `endpoint`, such as `tcp://127.0.0.1:0` (port 0: the system picks one, read it back with
    /// ``lastEndpoint``) or `inproc://name`. See [zmq_bind](http://api.zeromq.org/4-3:zmq-bind).
    public func bind(_ endpoint: String) throws(ZMQError) {
        _ = try zmqCall("zmq_bind(\(endpoint))") { zmq_bind(handle, endpoint) }
    }

    /// Stops listening on `endpoint`; for a wildcard or port-0 bind pass the ``lastEndpoint`` value.
    public func unbind(_ endpoint: String) throws(ZMQError) {
        _ = try zmqCall("zmq_unbind(\(endpoint))") { zmq_unbind(handle, endpoint) }
    }

    /// Connects to `endpoint`. libzmq connects in the background and reconnects on its own (see
    /// ``SocketOption/reconnectInterval``); watch ``monitor(events:)`` to learn when the peer is really there.
    public func connect(_ endpoint: String) throws(ZMQError) {
        _ = try zmqCall("zmq_connect(\(endpoint))") { zmq_connect(handle, endpoint) }
    }

    /// Drops the connection to `endpoint` made by ``connect(_:)``.
    public func disconnect(_ endpoint: String) throws(ZMQError) {
        _ = try zmqCall("zmq_disconnect(\(endpoint))") { zmq_disconnect(handle, endpoint) }
    }

    /// The endpoint of the last bind or connect, with the real port after binding port 0 (`ZMQ_LAST_ENDPOINT`).
    public var lastEndpoint: String {
        get throws(ZMQError) { try get(.lastEndpoint) }
    }
}

/// Sockets must not cross threads unguarded: libzmq sockets are not thread-safe.
@available(*, unavailable)
extension Socket: Sendable {}
