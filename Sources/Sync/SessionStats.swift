import Synchronization

/// Live inbound sessions per peer and the most seen at once: lets tests check "one session per key".
struct SessionStats: Sendable {
    var inbound: [String: Int] = [:]
    var peakInbound: [String: Int] = [:]
    var inboundSessionsOpened = 0
}

/// ``SessionStats`` shared between the engine's thread (writer) and observers (tests).
final class SessionStatsRecorder: Sendable {
    private let state = Mutex(SessionStats())

    var snapshot: SessionStats { state.withLock { $0 } }

    func sessionOpened() {
        state.withLock { $0.inboundSessionsOpened += 1 }
    }

    /// Live inbound sessions per peer now.
    func record(inbound counts: [String: Int]) {
        state.withLock { stats in
            stats.inbound = counts
            for (name, count) in counts { stats.peakInbound[name] = max(stats.peakInbound[name] ?? 0, count) }
        }
    }
}
