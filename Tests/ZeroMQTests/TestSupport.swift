import Foundation
import Synchronization
import Testing

@testable import ZeroMQ

/// Generous upper bound for anything that should happen "soon" on a loaded two-core machine; tests never wait for
/// it when things work.
let patience = Wait.timeout(.seconds(5))

/// The bytes of a string, to keep frames readable in tests.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

extension Socket {
    /// Binds to an ephemeral loopback port and returns the endpoint with the port the system chose.
    func bindEphemeral() throws -> String {
        try bind("tcp://127.0.0.1:0")
        return try lastEndpoint
    }

    /// Reads monitor events until one in `wanted` arrives or patience runs out, returning everything read.
    func monitorEvents(until wanted: SocketEvent) throws -> [MonitorEvent] {
        var seen: [MonitorEvent] = []
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            guard let event = try receiveMonitorEvent(wait: .timeout(.milliseconds(200))) else { continue }
            seen.append(event)
            if wanted.contains(event.event) { return seen }
        }
        return seen
    }
}

/// Collects values reported from another thread.
final class Recorder<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])
    func record(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }

    /// Waits (polling) until at least `count` values arrived or patience runs out.
    func waitFor(count: Int) -> [Value] {
        let deadline = ContinuousClock.now + .seconds(5)
        while all.count < count && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.01) }
        return all
    }
}
