import CZeroMQ

/// An error from a libzmq call: the errno it set and the call that failed.
///
/// Match a specific errno in `catch` with the code constants, the way GRDB matches SQLite result codes:
///
/// ```swift
/// do {
///     try socket.send([header, body], wait: .never)
/// } catch ZMQError.Code.again {
///     // the high-water mark is reached: try later
/// } catch ZMQError.Code.hostUnreachable {
///     // ROUTER with routerMandatory: no such peer
/// }
/// ```
///
/// See [zmq_errno](http://api.zeromq.org/4-3:zmq-errno) and the ERRORS section of each call's manual page.
public struct ZMQError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The errno that libzmq reported.
    public let code: Code
    /// The libzmq function that failed, with its main argument where that helps (for example `zmq_bind(tcp://…)`).
    public let call: String

    /// Creates an error from an errno and the call that reported it.
    public init(code: Code, call: String) {
        self.code = code
        self.call = call
    }

    /// libzmq's text for the errno (`zmq_strerror`).
    public var message: String { String(cString: zmq_strerror(code.rawValue)) }

    /// `"<call>: <message> (errno <n>)"`.
    public var description: String { "\(call): \(message) (errno \(code.rawValue))" }

    /// An errno value as libzmq reports it, including libzmq's own numbers above `ZMQ_HAUSNUMERO`.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The errno number.
        public let rawValue: Int32

        /// Wraps an errno number.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// `EAGAIN`: the call would block (non-blocking mode, a timeout, or a full high-water mark).
        public static let again = Code(rawValue: Int32(OUTPOST_ZMQ_EAGAIN))
        /// `EINTR`: a signal interrupted the call. This layer retries such calls, so callers rarely see it.
        public static let interrupted = Code(rawValue: Int32(OUTPOST_ZMQ_EINTR))
        /// `EINVAL`: an invalid argument (bad endpoint, bad option value, malformed Z85 text).
        public static let invalidArgument = Code(rawValue: Int32(OUTPOST_ZMQ_EINVAL))
        /// `ETERM`: the socket's context is shutting down; close the socket.
        public static let terminated = Code(rawValue: Int32(OUTPOST_ZMQ_ETERM))
        /// `EHOSTUNREACH`: a ROUTER with `routerMandatory` was asked to route to an unknown peer.
        public static let hostUnreachable = Code(rawValue: Int32(OUTPOST_ZMQ_EHOSTUNREACH))
        /// `EFSM`: the call is not valid in the socket's current state (for example REQ sending twice).
        public static let invalidState = Code(rawValue: Int32(OUTPOST_ZMQ_EFSM))
        /// `EMTHREAD`: no I/O thread is available.
        public static let noIOThread = Code(rawValue: Int32(OUTPOST_ZMQ_EMTHREAD))
        /// `ENOTSOCK`: the socket handle is invalid.
        public static let notASocket = Code(rawValue: Int32(OUTPOST_ZMQ_ENOTSOCK))
        /// `EADDRINUSE`: the endpoint is already bound.
        public static let addressInUse = Code(rawValue: Int32(OUTPOST_ZMQ_EADDRINUSE))
        /// `ENOENT`: unbind or disconnect of an endpoint that was not bound or connected.
        public static let noSuchEndpoint = Code(rawValue: Int32(OUTPOST_ZMQ_ENOENT))
        /// `EPROTONOSUPPORT`: the endpoint's transport is not supported.
        public static let protocolNotSupported = Code(rawValue: Int32(OUTPOST_ZMQ_EPROTONOSUPPORT))
        /// `ENOTSUP`: the operation is not supported by this socket type.
        public static let notSupported = Code(rawValue: Int32(OUTPOST_ZMQ_ENOTSUP))

        /// libzmq's text for this errno.
        public var description: String { "\(String(cString: zmq_strerror(rawValue))) (errno \(rawValue))" }

        /// Lets `catch ZMQError.Code.again` match a thrown ``ZMQError`` with that errno.
        public static func ~= (code: Code, error: any Error) -> Bool {
            (error as? ZMQError)?.code == code
        }

        /// Lets `catch ZMQError.Code.again` match inside a `do` whose calls throw ``ZMQError`` (typed throws).
        public static func ~= (code: Code, error: ZMQError) -> Bool {
            error.code == code
        }
    }
}

/// Runs one libzmq call that returns -1 on failure: retries on `EINTR` (as swift-nio does for system calls) and
/// turns any other failure into a ``ZMQError`` that keeps the errno and names the call.
@inline(__always)
func zmqCall(_ call: @autoclosure () -> String, _ body: () -> Int32) throws(ZMQError) -> Int32 {
    while true {
        let result = body()
        if result != -1 { return result }
        let errno = zmq_errno()
        if errno == OUTPOST_ZMQ_EINTR { continue }
        throw ZMQError(code: ZMQError.Code(rawValue: errno), call: call())
    }
}

/// The current errno as a ``ZMQError`` for calls that signal failure by returning NULL.
func lastZMQError(_ call: String) -> ZMQError {
    ZMQError(code: ZMQError.Code(rawValue: zmq_errno()), call: call)
}
