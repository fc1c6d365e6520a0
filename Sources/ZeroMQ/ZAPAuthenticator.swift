import CZeroMQ
import Dispatch
import Foundation
import Synchronization

/// The context's ZAP handler ([RFC 27](https://rfc.zeromq.org/spec/27/)): admits CURVE clients whose public key is
/// on an allow-list that can change at run time, refuses everything else, and reports each refusal.
///
/// Start it with ``Context/startAuthenticator(allowing:domain:onDenial:)`` and pass it to
/// ``Socket/configureCurveServer(keyPair:authenticator:)``. It answers on `inproc://zeromq.zap.01` from its own
/// thread with its own REP socket, and runs until its context ends, so no CURVE server of the context ever runs
/// without it. An admitted client's Z85 public key becomes the connection's `User-Id`.
///
/// Allow-list changes (``replaceAllowList(with:)``, thread-safe) apply to handshakes that start afterwards;
/// connections already admitted stay up, so a node that revokes a key should also check ``Message/userID`` of what
/// it receives and end those connections with ``PeerConnection/cut()``.
public final class ZAPAuthenticator: Sendable {
    static let endpoint = "inproc://zeromq.zap.01"

    /// The ZAP domain that this context's CURVE servers announce.
    public let domain: String
    /// Every refusal, in order, for an async consumer. Keeps the newest 1,024 if nobody reads.
    public let denials: AsyncStream<ZAPDenial>
    private let denialSink: AsyncStream<ZAPDenial>.Continuation
    private let onDenial: (@Sendable (ZAPDenial) -> Void)?
    private let allowList: Mutex<Set<CurveKey>>
    private let stopped = DispatchSemaphore(value: 0)

    /// Binds the handler's socket on the caller's thread, so bind errors surface here, then hands it to the thread.
    init(
        contextHandle: UnsafeMutableRawPointer, allowing: Set<CurveKey>, domain: String,
        onDenial: (@Sendable (ZAPDenial) -> Void)?
    ) throws(ZMQError) {
        self.domain = domain
        self.onDenial = onDenial
        self.allowList = Mutex(allowing)
        (denials, denialSink) = AsyncStream.makeStream(of: ZAPDenial.self, bufferingPolicy: .bufferingNewest(1024))
        guard let handle = zmq_socket(contextHandle, ZMQ_REP) else { throw lastZMQError("zmq_socket(REP)") }
        do {
            _ = try zmqCall("zmq_bind(\(Self.endpoint))") { zmq_bind(handle, Self.endpoint) }
        } catch {
            zmq_close(handle)
            throw error
        }
        let socket = HandedOverSocket(handle: handle)
        let thread = Thread { [self] in serve(socket.handle) }
        thread.name = "zeromq.zap"
        thread.start()
    }

    /// The public keys admitted now.
    public var allowedKeys: Set<CurveKey> { allowList.withLock { $0 } }

    /// Admits `key` in handshakes from now on.
    public func allow(_ key: CurveKey) { _ = allowList.withLock { $0.insert(key) } }

    /// Refuses `key` in handshakes from now on.
    public func revoke(_ key: CurveKey) { _ = allowList.withLock { $0.remove(key) } }

    /// Replaces the whole allow-list, for instance after the node's peer list changed.
    public func replaceAllowList(with keys: Set<CurveKey>) { allowList.withLock { $0 = keys } }

    /// Blocks until the handler's thread has closed its socket; the context calls it before terminating.
    func waitUntilStopped() { stopped.wait() }

    /// The handler loop; ends when the context shuts down (ETERM).
    private func serve(_ handle: UnsafeMutableRawPointer) {
        defer {
            zmq_close(handle)
            denialSink.finish()
            stopped.signal()
        }
        while let request = receiveRequest(handle) {
            let reply = answer(request)
            for (index, frame) in reply.enumerated() {
                let more = index == reply.count - 1 ? 0 : ZMQ_SNDMORE
                let sent = frame.withUnsafeBytes { zmq_send(handle, $0.baseAddress, $0.count, more) }
                if sent == -1 && zmq_errno() == OUTPOST_ZMQ_ETERM { return }
            }
        }
    }

    /// One request's frames, or `nil` once the context is terminating.
    private func receiveRequest(_ handle: UnsafeMutableRawPointer) -> [[UInt8]]? {
        var frames: [[UInt8]] = []
        var message = zmq_msg_t()
        zmq_msg_init(&message)
        defer { zmq_msg_close(&message) }
        while true {
            if zmq_msg_recv(&message, handle, 0) == -1 {
                if zmq_errno() == OUTPOST_ZMQ_EINTR { continue }
                return nil  // ETERM: the only other failure of a blocking receive on an open socket
            }
            frames.append(Array(UnsafeRawBufferPointer(start: zmq_msg_data(&message), count: zmq_msg_size(&message))))
            if zmq_msg_more(&message) == 0 { return frames }
        }
    }

    /// The reply frames for one request: version, request id, status code, status text, user id, metadata.
    func answer(_ request: [[UInt8]]) -> [[UInt8]] {
        func reply(_ id: [UInt8], _ code: String, _ text: String, _ user: String) -> [[UInt8]] {
            [Array("1.0".utf8), id, Array(code.utf8), Array(text.utf8), Array(user.utf8), []]
        }
        guard request.count >= 6, request[0] == Array("1.0".utf8) else {
            return reply(request.count > 1 ? request[1] : [], "500", "malformed ZAP request", "")
        }
        let mechanism = String(decoding: request[5], as: UTF8.self)
        let key = mechanism == "CURVE" && request.count == 7 ? try? CurveKey(bytes: request[6]) : nil
        if let key, allowList.withLock({ $0.contains(key) }) {
            return reply(request[1], "200", "OK", key.z85)
        }
        let denial = ZAPDenial(
            publicKey: key, mechanism: mechanism, address: String(decoding: request[3], as: UTF8.self),
            domain: String(decoding: request[2], as: UTF8.self))
        denialSink.yield(denial)
        onDenial?(denial)
        return reply(request[1], "400", key == nil ? "CURVE required" : "key not allowed", "")
    }
}

/// Moves the handler's freshly bound socket to its thread. Safe to mark Sendable: the creating thread never uses
/// the handle again after `Thread.start()`, and starting a thread is a full memory barrier, which is what libzmq
/// requires to migrate a socket between threads.
private struct HandedOverSocket: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer
}
