/// A hybrid logical clock (Kulkarni et al., 2014): physical milliseconds in the high 48 bits, a counter in the
/// low 16. It advances on every local write and on every received change, so a change written after another
/// was seen always carries a higher timestamp, whatever the wall clocks say.
public struct HybridLogicalClock: Sendable, Hashable {
    /// The last timestamp issued or observed.
    public private(set) var last: UInt64

    public init(last: UInt64 = 0) { self.last = last }

    /// Bits of the counter part.
    public static let counterBits: UInt64 = 16

    /// Packs wall-clock milliseconds into the physical part of a timestamp.
    public static func timestamp(millis: UInt64) -> UInt64 { millis << counterBits }

    /// The wall-clock milliseconds of a timestamp.
    public static func millis(of timestamp: UInt64) -> UInt64 { timestamp >> counterBits }

    /// Issues the next local timestamp: the wall clock if it is ahead, else one past the last.
    public mutating func tick(wallMillis: UInt64) -> UInt64 {
        let physical = Self.timestamp(millis: wallMillis)
        last = physical > last ? physical : last + 1
        return last
    }

    /// Observes a timestamp received from another node, so later local ticks exceed it.
    public mutating func observe(_ remote: UInt64) {
        if remote > last { last = remote }
    }
}
