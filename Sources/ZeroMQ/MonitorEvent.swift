/// One event read from a monitor socket (see ``Socket/monitor(events:)``).
public struct MonitorEvent: Sendable, Hashable {
    /// What happened: a single ``SocketEvent``.
    public var event: SocketEvent
    /// The event's value: an fd, an errno, a retry interval, a ZAP status or a protocol error, by event.
    public var value: UInt32
    /// The endpoint concerned, such as the peer's `tcp://127.0.0.1:port`.
    public var endpoint: String

    /// Creates an event.
    public init(event: SocketEvent, value: UInt32, endpoint: String) {
        self.event = event
        self.value = value
        self.endpoint = endpoint
    }

    /// Decodes the two frames of a version 1 monitor message: 16-bit event and 32-bit value in native byte order,
    /// then the endpoint. `nil` if the frames do not have that shape.
    public init?(frames: [[UInt8]]) {
        guard frames.count == 2, frames[0].count == 6 else { return nil }
        let (event, value) = frames[0].withUnsafeBytes {
            ($0.loadUnaligned(fromByteOffset: 0, as: UInt16.self), $0.loadUnaligned(fromByteOffset: 2, as: UInt32.self))
        }
        self.init(
            event: SocketEvent(rawValue: UInt32(event)), value: value,
            endpoint: String(decoding: frames[1], as: UTF8.self))
    }
}
