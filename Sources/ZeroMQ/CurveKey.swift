import CZeroMQ

/// A 32-byte CURVE key (Curve25519), public or secret, with its Z85 text form (40 characters).
///
/// Z85 is ZeroMQ's base-85 encoding ([RFC 32](https://rfc.zeromq.org/spec/32/)); this type uses libzmq's
/// `zmq_z85_encode` / `zmq_z85_decode`. The `description` of a key is its Z85 text, so do not print secret keys:
/// ``CurveKeyPair`` hides its own.
public struct CurveKey: Sendable, Hashable, CustomStringConvertible {
    /// The 32 raw bytes.
    public let bytes: [UInt8]

    /// The byte count of every CURVE key.
    public static let byteCount = 32

    /// Wraps 32 raw bytes.
    /// - Throws: ``ZMQError/Code/invalidArgument`` for any other length.
    public init(bytes: [UInt8]) throws(ZMQError) {
        guard bytes.count == Self.byteCount else {
            throw ZMQError(code: .invalidArgument, call: "CurveKey(bytes:) with \(bytes.count) bytes")
        }
        self.bytes = bytes
    }

    /// Decodes a 40-character Z85 key.
    /// - Throws: ``ZMQError/Code/invalidArgument`` when the text is not 40 Z85 characters.
    public init(z85: String) throws(ZMQError) {
        guard z85.utf8.count == 40 else {
            throw ZMQError(code: .invalidArgument, call: "zmq_z85_decode: \(z85.utf8.count) characters, not 40")
        }
        var decoded = [UInt8](repeating: 0, count: Self.byteCount)
        let result = decoded.withUnsafeMutableBufferPointer { zmq_z85_decode($0.baseAddress, z85) }
        guard result != nil else {
            throw ZMQError(code: .invalidArgument, call: "zmq_z85_decode: not Z85 text")
        }
        self.bytes = decoded
    }

    /// The 40-character Z85 form.
    public var z85: String {
        var text = [CChar](repeating: 0, count: 41)
        bytes.withUnsafeBufferPointer { source in
            _ = text.withUnsafeMutableBufferPointer { zmq_z85_encode($0.baseAddress, source.baseAddress, 32) }
        }
        return textUntilNUL(text)
    }

    /// The Z85 form.
    public var description: String { z85 }
}

/// The text of a NUL-terminated C character buffer that libzmq filled.
func textUntilNUL(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
