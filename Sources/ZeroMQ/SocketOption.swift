import CZeroMQ

/// A typed socket option: the libzmq option number and how its value travels to and from C.
///
/// ```swift
/// try socket.set(.linger, .zero)
/// try socket.set(.maxMessageSize, 16 << 20)
/// let endpoint = try socket.get(.lastEndpoint)
/// ```
///
/// See [zmq_setsockopt](http://api.zeromq.org/4-3:zmq-setsockopt) for each option's meaning and default.
public struct SocketOption<Value>: Sendable {
    /// The libzmq option number (`ZMQ_…`).
    public let name: Int32
    let isReadable: Bool
    let isWritable: Bool
    let capacity: Int
    let encode: @Sendable (Value) -> [UInt8]
    let decode: @Sendable ([UInt8]) -> Value

    init(
        _ name: Int32, readable: Bool = true, writable: Bool = true, capacity: Int,
        encode: @escaping @Sendable (Value) -> [UInt8], decode: @escaping @Sendable ([UInt8]) -> Value
    ) {
        self.name = name
        self.isReadable = readable
        self.isWritable = writable
        self.capacity = capacity
        self.encode = encode
        self.decode = decode
    }
}

// Raw codecs: libzmq takes native-endian ints, byte strings and NUL-terminated strings.
private func int32Bytes(_ value: Int32) -> [UInt8] { withUnsafeBytes(of: value) { Array($0) } }
private func int32Value(_ bytes: [UInt8]) -> Int32 {
    bytes.withUnsafeBytes { $0.loadUnaligned(as: Int32.self) }
}
private func milliseconds(_ duration: Duration) -> Int32 {
    let (seconds, attoseconds) = duration.components
    return Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
}

extension SocketOption where Value == Int {
    static func int32(_ name: Int32, writable: Bool = true) -> SocketOption {
        SocketOption(
            name, writable: writable, capacity: 4, encode: { int32Bytes(Int32(clamping: $0)) },
            decode: { Int(int32Value($0)) })
    }

    /// `ZMQ_SNDHWM`: messages queued per peer before sending blocks or drops (0: no limit).
    public static var sendHighWaterMark: SocketOption { .int32(ZMQ_SNDHWM) }
    /// `ZMQ_RCVHWM`: messages queued per peer on receipt before libzmq stops reading (0: no limit).
    public static var receiveHighWaterMark: SocketOption { .int32(ZMQ_RCVHWM) }
}

extension SocketOption where Value == Int? {
    /// `ZMQ_MAXMSGSIZE`: the largest message in bytes a peer may send; a peer that sends more is disconnected.
    /// `nil`: no limit.
    public static var maxMessageSize: SocketOption {
        SocketOption(
            ZMQ_MAXMSGSIZE, capacity: 8,
            encode: { value in withUnsafeBytes(of: Int64(value ?? -1)) { Array($0) } },
            decode: { bytes in
                let value = bytes.withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }
                return value < 0 ? nil : Int(value)
            })
    }
}

extension SocketOption where Value == Duration {
    static func milliseconds32(_ name: Int32) -> SocketOption {
        SocketOption(
            name, capacity: 4, encode: { int32Bytes(milliseconds($0)) },
            decode: { .milliseconds(Int(int32Value($0))) })
    }

    /// `ZMQ_HEARTBEAT_IVL`: how often to send a ZMTP PING (zero: no heartbeats).
    public static var heartbeatInterval: SocketOption { .milliseconds32(ZMQ_HEARTBEAT_IVL) }
    /// `ZMQ_HEARTBEAT_TIMEOUT`: how long to wait for traffic after a PING before the connection is dropped.
    public static var heartbeatTimeout: SocketOption { .milliseconds32(ZMQ_HEARTBEAT_TIMEOUT) }
    /// `ZMQ_HEARTBEAT_TTL`: how long the peer should wait for our traffic before dropping us (whole deciseconds).
    public static var heartbeatTTL: SocketOption { .milliseconds32(ZMQ_HEARTBEAT_TTL) }
    /// `ZMQ_RECONNECT_IVL`: the first wait before reconnecting a dropped connection.
    public static var reconnectInterval: SocketOption { .milliseconds32(ZMQ_RECONNECT_IVL) }
    /// `ZMQ_RECONNECT_IVL_MAX`: the cap of exponential reconnect backoff (zero: no backoff).
    public static var reconnectIntervalMax: SocketOption { .milliseconds32(ZMQ_RECONNECT_IVL_MAX) }
    /// `ZMQ_HANDSHAKE_IVL`: how long a ZMTP (and CURVE) handshake may take (zero: forever).
    public static var handshakeInterval: SocketOption { .milliseconds32(ZMQ_HANDSHAKE_IVL) }
}

extension SocketOption where Value == Duration? {
    static func optionalMilliseconds32(_ name: Int32) -> SocketOption {
        SocketOption(
            name, capacity: 4, encode: { int32Bytes($0.map(milliseconds) ?? -1) },
            decode: { bytes in
                let value = int32Value(bytes)
                return value < 0 ? nil : .milliseconds(Int(value))
            })
    }

    /// `ZMQ_LINGER`: how long `close` keeps unsent messages (`nil`: until sent). This layer's contexts default it
    /// to zero.
    public static var linger: SocketOption { .optionalMilliseconds32(ZMQ_LINGER) }
    /// `ZMQ_RCVTIMEO`: how long a blocking receive waits (`nil`: forever); a timeout returns `nil`.
    public static var receiveTimeout: SocketOption { .optionalMilliseconds32(ZMQ_RCVTIMEO) }
    /// `ZMQ_SNDTIMEO`: how long a blocking send waits (`nil`: forever); a timeout throws ``ZMQError/Code/again``.
    public static var sendTimeout: SocketOption { .optionalMilliseconds32(ZMQ_SNDTIMEO) }
}

extension SocketOption where Value == Bool {
    static func flag(_ name: Int32, readable: Bool = true) -> SocketOption {
        SocketOption(
            name, readable: readable, capacity: 4, encode: { int32Bytes($0 ? 1 : 0) },
            decode: { int32Value($0) != 0 })
    }

    /// `ZMQ_ROUTER_MANDATORY`: a ROUTER throws ``ZMQError/Code/hostUnreachable`` for an unknown routing id instead
    /// of dropping the message silently. Write-only.
    public static var routerMandatory: SocketOption { .flag(ZMQ_ROUTER_MANDATORY, readable: false) }
    /// `ZMQ_IMMEDIATE`: queue messages only to completed connections.
    public static var immediate: SocketOption { .flag(ZMQ_IMMEDIATE) }
}

extension SocketOption where Value == [UInt8] {
    static func bytes(_ name: Int32, readable: Bool = true, writable: Bool = true) -> SocketOption {
        SocketOption(name, readable: readable, writable: writable, capacity: 255, encode: { $0 }, decode: { $0 })
    }

    /// `ZMQ_ROUTING_ID`: the id a ROUTER peer sees for this socket (1–255 bytes, not starting with a zero byte).
    public static var routingID: SocketOption { .bytes(ZMQ_ROUTING_ID) }
    /// `ZMQ_SUBSCRIBE`: a SUB receives messages whose first frame starts with this prefix (empty: everything).
    public static var subscribe: SocketOption { .bytes(ZMQ_SUBSCRIBE, readable: false) }
    /// `ZMQ_UNSUBSCRIBE`: removes a prefix added with ``subscribe``.
    public static var unsubscribe: SocketOption { .bytes(ZMQ_UNSUBSCRIBE, readable: false) }
}

extension SocketOption where Value == String {
    /// `ZMQ_LAST_ENDPOINT`: the last endpoint bound or connected, with the real port after binding port 0.
    /// Read-only.
    public static var lastEndpoint: SocketOption {
        SocketOption(
            ZMQ_LAST_ENDPOINT, writable: false, capacity: 1024, encode: { Array($0.utf8) },
            decode: { bytes in String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self) })
    }
}
