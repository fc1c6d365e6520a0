import CZeroMQ
import Synchronization

/// A libzmq context: the I/O threads and the `inproc://` namespace that sockets share.
///
/// ## Threading model
/// - A `Context` is `Sendable`: libzmq contexts are thread-safe, so any thread may create sockets in it. The sync
///   engine hands its context to other threads so they can reach its loop over `inproc://` (see ``Waker``).
/// - A ``Socket`` is **not** `Sendable`: libzmq sockets must be used by one thread at a time. Create each socket on
///   the thread that uses it, or move it with Swift's `sending` transfer (the compiler proves nobody else keeps it).
///   The only types that share a socket across threads, ``Waker`` and ``ZAPAuthenticator``, guard it with a lock
///   or confine it to their own thread, and say so where they are defined.
/// - A typical node runs one thread with a ``Poller`` over its ROUTER, its DEALERs, their monitor sockets and a
///   ``Waker``'s socket; other threads only call ``Waker/wake()``.
///
/// ## Lifetime
/// Every socket keeps its context alive, so a context ends only after all its sockets are gone. It then stops its
/// ``ZAPAuthenticator``, if any, and terminates (`zmq_ctx_term`). Contexts are created non-blocky
/// (`ZMQ_BLOCKY` = 0): termination never waits for unsent messages, and sockets default to a linger of zero.
///
/// ```swift
/// let context = try Context()
/// let router = try Socket(context, type: .router)
/// defer { router.close() }
/// try router.bind("tcp://127.0.0.1:0")
/// ```
///
/// See [zmq_ctx_new](http://api.zeromq.org/4-3:zmq-ctx-new).
public final class Context: @unchecked Sendable {
    // @unchecked Sendable: `handle` is immutable and libzmq documents contexts as thread-safe; the only mutable
    // state, the authenticator slot, sits in a Mutex.
    let handle: UnsafeMutableRawPointer
    private let authenticatorSlot = Mutex<ZAPAuthenticator?>(nil)

    /// Creates a context.
    /// - Parameter ioThreads: libzmq I/O threads (`ZMQ_IO_THREADS`); one handles about a gigabyte per second.
    public init(ioThreads: Int = 1) throws(ZMQError) {
        guard let handle = zmq_ctx_new() else { throw lastZMQError("zmq_ctx_new") }
        self.handle = handle
        do {
            _ = try zmqCall("zmq_ctx_set(ZMQ_IO_THREADS)") { zmq_ctx_set(handle, ZMQ_IO_THREADS, Int32(ioThreads)) }
            _ = try zmqCall("zmq_ctx_set(ZMQ_BLOCKY)") { zmq_ctx_set(handle, ZMQ_BLOCKY, 0) }
        } catch {
            zmq_ctx_term(handle)
            throw error
        }
    }

    deinit {
        // All sockets are closed (each one retains the context). The authenticator's thread owns the last socket:
        // shutting the context down makes its blocking receive fail with ETERM, so it closes that socket and ends.
        if let authenticator = authenticatorSlot.withLock({ $0 }) {
            zmq_ctx_shutdown(handle)
            authenticator.waitUntilStopped()
        }
        while zmq_ctx_term(handle) == -1 && zmq_errno() == OUTPOST_ZMQ_EINTR {}
    }

    /// Makes every blocking call on this context's sockets, on every thread, fail with ``ZMQError/Code/terminated``.
    ///
    /// Use it to stop a loop that blocks in libzmq; the sockets still need closing. Idempotent.
    public func shutdown() {
        zmq_ctx_shutdown(handle)
    }

    /// The running authenticator, if ``startAuthenticator(allowing:domain:onDenial:)`` was called.
    public var authenticator: ZAPAuthenticator? { authenticatorSlot.withLock { $0 } }

    /// Starts this context's ZAP handler, which admits only CURVE clients whose public key is in `allowing`.
    ///
    /// The authenticator runs until the context ends, so a CURVE server socket (which keeps its context alive) can
    /// never outlive it: libzmq would otherwise admit every client. A context has at most one authenticator.
    /// - Parameters:
    ///   - allowing: the public keys admitted at first; change them at run time through the authenticator.
    ///   - domain: the ZAP domain CURVE servers of this context announce; the handler reports it in denials.
    ///   - onDenial: called on the authenticator's thread for every refused handshake, in addition to the
    ///     authenticator's ``ZAPAuthenticator/denials`` stream. It must not retain this context.
    /// - Throws: ``ZMQError/Code/addressInUse`` when this context already has an authenticator.
    public func startAuthenticator(
        allowing: Set<CurveKey>, domain: String = "outpost",
        onDenial: (@Sendable (ZAPDenial) -> Void)? = nil
    ) throws(ZMQError) -> ZAPAuthenticator {
        try authenticatorSlot.withLock { (slot: inout ZAPAuthenticator?) throws(ZMQError) -> ZAPAuthenticator in
            if slot != nil {
                throw ZMQError(code: .addressInUse, call: "zmq_bind(\(ZAPAuthenticator.endpoint))")
            }
            let started = try ZAPAuthenticator(
                contextHandle: handle, allowing: allowing, domain: domain, onDenial: onDenial)
            slot = started
            return started
        }
    }
}
