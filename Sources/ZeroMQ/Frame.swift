import CZeroMQ
import Foundation

/// One message frame held in libzmq's own buffer (`zmq_msg_t`): the zero-copy path.
///
/// A received frame is read in place with ``withUnsafeBytes(_:)``; a frame built with
/// ``init(count:initializingWith:)`` is written in place and sent without another copy. Sending a frame shares its
/// buffer by reference count (`zmq_msg_copy`), so the frame stays valid and can be sent again, to several peers.
/// It pays off for large frames; for small ones ``Socket/send(_:wait:)-([UInt8])`` with `[UInt8]` is as fast.
public final class Frame {
    let message: UnsafeMutablePointer<zmq_msg_t>

    /// An empty frame to receive into.
    init() {
        message = .allocate(capacity: 1)
        zmq_msg_init(message)
    }

    /// A frame of `count` bytes that `initializer` writes directly into libzmq's buffer.
    public init(count: Int, initializingWith initializer: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        message = .allocate(capacity: 1)
        guard zmq_msg_init_size(message, count) == 0 else {
            message.deallocate()
            preconditionFailure("zmq_msg_init_size(\(count)): out of memory")
        }
        do {
            try initializer(UnsafeMutableRawBufferPointer(start: zmq_msg_data(message), count: count))
        } catch {
            zmq_msg_close(message)
            message.deallocate()
            throw error
        }
    }

    /// A frame holding a copy of `bytes`.
    public convenience init(_ bytes: some ContiguousBytes) {
        let count = bytes.withUnsafeBytes { $0.count }
        self.init(count: count) { buffer in
            bytes.withUnsafeBytes { source in
                if let base = source.baseAddress, count > 0 {
                    buffer.baseAddress!.copyMemory(from: base, byteCount: count)
                }
            }
        }
    }

    deinit {
        zmq_msg_close(message)
        message.deallocate()
    }

    /// The frame's size in bytes.
    public var count: Int { zmq_msg_size(message) }

    /// Whether more frames of the same message follow this received frame.
    public var hasMore: Bool { zmq_msg_more(message) != 0 }

    /// Reads the bytes in place, without copying.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(start: zmq_msg_data(message), count: count))
    }

    /// A copy of the bytes.
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// A copy of the bytes as `Data`.
    public var data: Data { withUnsafeBytes { Data($0) } }

    /// A metadata property of the connection the frame arrived on (`zmq_msg_gets`), such as `User-Id` (set by the
    /// ZAP handler; this layer's authenticator puts the client's Z85 public key there) or `Peer-Address`.
    public func metadata(_ property: String) -> String? {
        guard let value = zmq_msg_gets(message, property) else { return nil }
        return String(cString: value)
    }
}

@available(*, unavailable)
extension Frame: Sendable {}
