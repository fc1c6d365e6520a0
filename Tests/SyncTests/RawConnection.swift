import Foundation
import Replica
import SyncProtocol
import Testing
import ZeroMQ

/// A raw DEALER connected to `endpoint` as `name` (a listed peer), speaking whatever it is told to.
final class RawConnection {
    let context: Context
    let socket: Socket

    init(_ harness: SyncHarness, as name: String, to server: String, endpoint: String) throws {
        context = try Context()
        socket = try Socket(context, type: .dealer)
        try socket.configureCurveClient(
            keyPair: harness.nodes[name]!.keys, serverKey: harness.nodes[server]!.keys.publicKey)
        try socket.connect(endpoint)
    }

    deinit {
        socket.close()
        context.shutdown()
    }

    func send(_ payload: [UInt8]) throws { try socket.send([payload], wait: .timeout(.seconds(5))) }

    /// Messages from the server until (and including) its first refusal, within `timeout`.
    func repliesUntilRefusal(timeout: Duration = .seconds(10)) throws -> [SyncMessage] {
        var replies: [SyncMessage] = []
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard let frames = try socket.receive(wait: .timeout(.milliseconds(100))) else { continue }
            let message = try SyncMessage.decode(try #require(frames.last), limits: DecodingLimits())
            replies.append(message)
            if case .v1(.refusal) = message { break }
        }
        return replies
    }

    /// The next message from the server within `timeout`, or nil.
    func next(timeout: Duration) throws -> SyncMessage? {
        guard let frames = try socket.receive(wait: .timeout(timeout)) else { return nil }
        return try SyncMessage.decode(try #require(frames.last), limits: DecodingLimits())
    }
}
