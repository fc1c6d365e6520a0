import CZeroMQ
import Foundation

extension Socket {
    /// Sends one multipart message whose frames are byte arrays (copied once into libzmq, as `zmq_send` does).
    ///
    /// Multipart delivery is atomic: the peer gets all frames or none.
    /// - Parameter wait: `.never` or `.timeout` throw ``ZMQError/Code/again`` when the message cannot be queued in
    ///   time (high-water mark reached, or no peer yet).
    /// - Throws: ``ZMQError/Code/hostUnreachable`` from a ROUTER with ``SocketOption/routerMandatory`` when the
    ///   first frame names no connected peer.
    @inlinable @inline(__always)
    public func send(_ frames: [[UInt8]], wait: Wait = .forever) throws(ZMQError) {
        // Inlined into the caller so its array literal of frames can live on its stack: an allocation less per
        // message, which is a fifth of this layer's cost on 64-byte messages.
        precondition(!frames.isEmpty, "a message has at least one frame")
        var flags = try sendFlags(wait)
        for index in frames.indices {
            let failure = frames[index].withUnsafeBytes { sendFrame($0, more: index != frames.count - 1, flags: flags) }
            if let failure { throw failure }
            flags &= ~ZMQ_DONTWAIT  // later parts of an accepted message never block
        }
    }

    /// Sends one multipart message whose frames are `Data` values.
    @inlinable
    public func send(_ frames: [Data], wait: Wait = .forever) throws(ZMQError) {
        precondition(!frames.isEmpty, "a message has at least one frame")
        var flags = try sendFlags(wait)
        for index in frames.indices {
            let failure = frames[index].withUnsafeBytes { sendFrame($0, more: index != frames.count - 1, flags: flags) }
            if let failure { throw failure }
            flags &= ~ZMQ_DONTWAIT
        }
    }

    /// Sends one frame (`zmq_send`, which copies the bytes into a libzmq message); returns the failure, because
    /// `withUnsafeBytes` cannot rethrow a typed error.
    @usableFromInline
    func sendFrame(_ bytes: UnsafeRawBufferPointer, more: Bool, flags: Int32) -> ZMQError? {
        do {
            _ = try zmqCall("zmq_send") {
                zmq_send(handle, bytes.baseAddress, bytes.count, flags | (more ? ZMQ_SNDMORE : 0))
            }
            return nil
        } catch {
            return error
        }
    }

    /// Sends one multipart message of ``Frame``s without copying their bytes: libzmq shares each frame's buffer by
    /// reference count, so the frames stay valid.
    public func send(_ frames: [Frame], wait: Wait = .forever) throws(ZMQError) {
        precondition(!frames.isEmpty, "a message has at least one frame")
        var flags = try sendFlags(wait)
        var outgoing = zmq_msg_t()
        for (index, frame) in frames.enumerated() {
            let isLast = index == frames.count - 1
            zmq_msg_init(&outgoing)
            zmq_msg_copy(&outgoing, frame.message)
            do {
                _ = try zmqCall("zmq_msg_send") { zmq_msg_send(&outgoing, handle, flags | (isLast ? 0 : ZMQ_SNDMORE)) }
            } catch {
                zmq_msg_close(&outgoing)
                throw error
            }
            flags &= ~ZMQ_DONTWAIT  // later parts of an accepted message never block
        }
    }

    /// Receives one multipart message as byte arrays.
    /// - Parameter wait: how long to wait for the first frame; the rest of a message arrives with it.
    /// - Returns: the frames, or `nil` when nothing arrived in time (`.never`, `.timeout`, or the socket's
    ///   ``SocketOption/receiveTimeout``).
    /// - Throws: ``ZMQError/Code/terminated`` once the context shuts down.
    public func receive(wait: Wait = .forever) throws(ZMQError) -> [[UInt8]]? {
        try receiveParts(wait: wait) { message, _ in byteArray(message) }
    }

    /// Receives one multipart message into `frames`, reusing the storage of the arrays already there: a loop that
    /// keeps passing the same array allocates nothing per message once warm. `frames` holds exactly the message's
    /// frames afterwards.
    /// - Returns: `false`, leaving `frames` untouched, when nothing arrived in time.
    public func receive(into frames: inout [[UInt8]], wait: Wait = .forever) throws(ZMQError) -> Bool {
        try receiveReusing(&frames, wait: wait) { _ in }
    }

    /// Receives one multipart message into `message`, reusing its frame arrays like ``receive(into:wait:)`` and
    /// its `userID` string while the sender stays the same: the allocation-free form of
    /// ``receiveMessage(wait:)`` for a ROUTER loop that needs to know which peer key sent each message.
    /// - Returns: `false`, leaving `message` untouched, when nothing arrived in time.
    public func receiveMessage(into message: inout Message, wait: Wait = .forever) throws(ZMQError) -> Bool {
        var userID = message.userID
        var peerAddress = message.peerAddress
        var connection = message.connection
        let received = try receiveReusing(&message.frames, wait: wait) { last in
            userID = reuse(userID, zmq_msg_gets(last, "User-Id"))
            peerAddress = reuse(peerAddress, zmq_msg_gets(last, "Peer-Address"))
            connection = PeerConnection.of(last, reusing: connection)
        }
        if received {
            message.userID = userID
            message.peerAddress = peerAddress
            message.connection = connection
        }
        return received
    }

    /// The shared path of the reusing receives; `lastFrame` sees the final frame, which carries the metadata.
    private func receiveReusing(
        _ frames: inout [[UInt8]], wait: Wait, lastFrame: (UnsafeMutablePointer<zmq_msg_t>) -> Void
    ) throws(ZMQError) -> Bool {
        guard var flags = try receiveFlags(wait) else { return false }
        var message = zmq_msg_t()
        zmq_msg_init(&message)
        defer { zmq_msg_close(&message) }
        var count = 0
        while true {
            do {
                _ = try zmqCall("zmq_msg_recv") { zmq_msg_recv(&message, handle, flags) }
            } catch .again where count == 0 {
                return false
            }
            let bytes = UnsafeRawBufferPointer(start: zmq_msg_data(&message), count: zmq_msg_size(&message))
            if count < frames.count && frames[count].count == bytes.count {
                // The common hot-loop case, a frame of the same size as last time: copy over it in place.
                frames[count].withUnsafeMutableBytes { $0.copyMemory(from: bytes) }
            } else if count < frames.count {
                frames[count].replaceSubrange(frames[count].indices, with: bytes)
            } else {
                frames.append(Array(bytes))
            }
            count += 1
            if zmq_msg_more(&message) == 0 {
                lastFrame(&message)
                break
            }
            flags = 0
        }
        frames.removeLast(frames.count - count)
        return true
    }

    /// Receives one multipart message as `Data` frames; `nil` when nothing arrived in time.
    public func receiveData(wait: Wait = .forever) throws(ZMQError) -> [Data]? {
        try receiveParts(wait: wait) { message, _ in
            Data(UnsafeRawBufferPointer(start: zmq_msg_data(message), count: zmq_msg_size(message)))
        }
    }

    /// Receives one multipart message as ``Frame``s, left in libzmq's buffers (no copy); `nil` when nothing
    /// arrived in time.
    public func receiveFrames(wait: Wait = .forever) throws(ZMQError) -> [Frame]? {
        var frames: [Frame] = []
        var flags = try receiveFlags(wait)
        guard flags != nil else { return nil }
        repeat {
            let frame = Frame()
            do {
                _ = try zmqCall("zmq_msg_recv") { zmq_msg_recv(frame.message, handle, flags!) }
            } catch .again where frames.isEmpty {
                return nil
            }
            frames.append(frame)
            flags = 0
        } while frames.last!.hasMore
        return frames
    }

    /// Receives one multipart message with its connection's metadata: the ZAP `User-Id` (the CURVE client's
    /// public key, with this layer's ``ZAPAuthenticator``) and the peer address. `nil` when nothing arrived in time.
    public func receiveMessage(wait: Wait = .forever) throws(ZMQError) -> Message? {
        var userID: String?
        var peerAddress: String?
        var connection: PeerConnection?
        let frames = try receiveParts(wait: wait) { message, _ in
            // A ROUTER's routing-id frame is made locally and has no metadata; the last frame always came from the
            // wire, so read the connection's properties there.
            if zmq_msg_more(message) == 0 {
                userID = zmq_msg_gets(message, "User-Id").map { String(cString: $0) }
                peerAddress = zmq_msg_gets(message, "Peer-Address").map { String(cString: $0) }
                connection = PeerConnection.of(message, reusing: nil)
            }
            return byteArray(message)
        }
        return frames.map { Message(frames: $0, userID: userID, peerAddress: peerAddress, connection: connection) }
    }

    /// Receives each frame into one reused `zmq_msg_t` and converts it; the shared path of the receive calls.
    private func receiveParts<Part>(
        wait: Wait, _ convert: (UnsafeMutablePointer<zmq_msg_t>, _ isFirst: Bool) -> Part
    ) throws(ZMQError) -> [Part]? {
        guard var flags = try receiveFlags(wait) else { return nil }
        var parts: [Part] = []
        var message = zmq_msg_t()
        zmq_msg_init(&message)
        defer { zmq_msg_close(&message) }
        while true {
            do {
                _ = try zmqCall("zmq_msg_recv") { zmq_msg_recv(&message, handle, flags) }
            } catch .again where parts.isEmpty {
                return nil
            }
            parts.append(convert(&message, parts.isEmpty))
            if zmq_msg_more(&message) == 0 { return parts }
            flags = 0
        }
    }

    /// The flags for a receive, or `nil` when a timed wait ended with nothing to read.
    private func receiveFlags(_ wait: Wait) throws(ZMQError) -> Int32? {
        switch wait {
        case .forever: 0
        case .never: ZMQ_DONTWAIT
        case .timeout(let duration): try waitFor(Int16(ZMQ_POLLIN), duration) ? ZMQ_DONTWAIT : nil
        }
    }

    /// The flags for a send; a timed wait that ends with no room to send throws `EAGAIN`.
    @usableFromInline
    func sendFlags(_ wait: Wait) throws(ZMQError) -> Int32 {
        switch wait {
        case .forever: return 0
        case .never: return ZMQ_DONTWAIT
        case .timeout(let duration):
            guard try waitFor(Int16(ZMQ_POLLOUT), duration) else { throw ZMQError(code: .again, call: "zmq_poll") }
            return ZMQ_DONTWAIT
        }
    }

    private func waitFor(_ events: Int16, _ duration: Duration) throws(ZMQError) -> Bool {
        var item = zmq_pollitem_t(socket: handle, fd: 0, events: events, revents: 0)
        let ready = try zmqCall("zmq_poll") { zmq_poll(&item, 1, pollTimeout(duration)) }
        return ready > 0
    }
}

/// A `zmq_poll` timeout in milliseconds, rounded up so a short positive wait does not become a non-blocking poll.
func pollTimeout(_ duration: Duration?) -> Int {
    guard let duration else { return -1 }
    let (seconds, attoseconds) = duration.components
    if seconds < 0 || (seconds == 0 && attoseconds <= 0) { return 0 }
    let perMillisecond: Int64 = 1_000_000_000_000_000
    return Int(seconds) * 1000 + Int((attoseconds + perMillisecond - 1) / perMillisecond)
}

/// A copy of a message's bytes, written straight into a new array's storage.
private func byteArray(_ message: UnsafeMutablePointer<zmq_msg_t>) -> [UInt8] {
    let count = zmq_msg_size(message)
    return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
        if count > 0 {
            buffer.baseAddress!.initialize(
                from: zmq_msg_data(message).assumingMemoryBound(to: UInt8.self), count: count)
        }
        initialized = count
    }
}

/// `current` if it already spells the C string `value`, else a new String: a steady peer costs no allocation.
private func reuse(_ current: String?, _ value: UnsafePointer<CChar>?) -> String? {
    guard let value else { return nil }
    let bytes = UnsafeRawBufferPointer(start: value, count: strlen(value))
    if let current, current.utf8.elementsEqual(bytes) { return current }
    return String(decoding: bytes, as: UTF8.self)
}
