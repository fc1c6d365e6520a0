import Foundation

/// When to dial a peer again after its session failed: `initial`, doubling per consecutive failure up to `maximum`,
/// back to `initial` once a session with that peer gets caught up.
///
/// libzmq backs off its own reconnects after a dropped tcp connection, but a refusal (a peer that cannot take
/// what we send, a key it does not admit) arrives over a healthy connection, and redialling at once turned
/// one refusal into sixteen reconnects a second.
struct ReconnectBackoff {
    let initial: Duration
    let maximum: Duration
    private var intervals: [String: Duration] = [:]
    private var due: [String: ContinuousClock.Instant] = [:]

    init(initial: Duration, maximum: Duration) {
        self.initial = initial
        self.maximum = max(initial, maximum)
    }

    /// Schedules the next dial of `peer` and returns how long until then.
    @discardableResult
    mutating func failed(_ peer: String, now: ContinuousClock.Instant = .now) -> Duration {
        let interval = intervals[peer] ?? initial
        intervals[peer] = min(interval * 2, maximum)
        due[peer] = now + interval
        return interval
    }

    /// A session with `peer` worked: the next failure waits `initial` again.
    mutating func succeeded(_ peer: String) { intervals[peer] = nil }

    /// Forgets `peer` (removed from the roster).
    mutating func forget(_ peer: String) {
        intervals[peer] = nil
        due[peer] = nil
    }

    /// Peers whose wait is over; each is returned once per ``failed(_:now:)``.
    mutating func duePeers(now: ContinuousClock.Instant = .now) -> [String] {
        let ready = due.filter { $0.value <= now }.map(\.key)
        for peer in ready { due[peer] = nil }
        return ready.sorted()
    }
}
