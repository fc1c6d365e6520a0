import Foundation
import Replica
import ZeroMQ

/// The ZeroMQ side of the engine: the ROUTER, the DEALERs with their monitors, and one poller over all.
/// A class so sessions' send closures can reach it; confined to the engine's thread (not `Sendable`).
final class ZeroMQTransport {
    struct PeerEvent {
        var peer: String
        var event: SocketEvent
    }

    let context: Context
    let poller = Poller()
    private let options: SyncEngine.Options
    private var router: Socket?
    private var dealers: [String: (socket: Socket, monitor: Socket, endpoint: String)] = [:]
    private var message = Message(frames: [])

    init(context: Context, options: SyncEngine.Options) {
        self.context = context
        self.options = options
    }

    /// Messages queued per connection and direction. A session has at most `window` batches unacknowledged
    /// plus a few acks and heartbeats in flight, so a small bound costs a legitimate peer nothing, while it caps
    /// what a peer that does not read (or floods us) can make libzmq hold: with 1,000 messages a connection could
    /// pin gigabytes of queued batches.
    static let highWaterMark = 32

    private func configure(_ socket: Socket) throws {
        try socket.set(.linger, .zero)
        try socket.set(.maxMessageSize, options.maxMessageBytes)
        try socket.set(.heartbeatInterval, .seconds(1))
        try socket.set(.heartbeatTimeout, .seconds(5))
        try socket.set(.sendHighWaterMark, Self.highWaterMark)
        try socket.set(.receiveHighWaterMark, Self.highWaterMark)
    }

    /// Binds the ROUTER as a CURVE server admitted by `authenticator`; returns the bound endpoint.
    func bindRouter(_ endpoint: String, keyPair: CurveKeyPair, authenticator: ZAPAuthenticator) throws -> String {
        let socket = try Socket(context, type: .router)
        try configure(socket)
        try socket.configureCurveServer(keyPair: keyPair, authenticator: authenticator)
        try socket.bind(endpoint)
        router = socket
        poller.add(socket)
        return try socket.get(.lastEndpoint)
    }

    func connectDealer(_ peer: Peer, keyPair: CurveKeyPair, serverKey: CurveKey) throws {
        guard let endpoint = peer.endpoint else { return }
        let socket = try Socket(context, type: .dealer)
        try configure(socket)
        try socket.set(.reconnectInterval, options.reconnectInterval)
        try socket.set(.reconnectIntervalMax, options.reconnectIntervalMax)
        // Queue nothing for a peer that is not connected: a session starts only after the handshake.
        try socket.set(.immediate, true)
        try socket.configureCurveClient(keyPair: keyPair, serverKey: serverKey)
        let monitor = try socket.monitor(events: [.handshakeSucceeded, .disconnected, .handshakeFailed])
        try socket.connect(endpoint)
        dealers[peer.name] = (socket, monitor, endpoint)
        poller.add(socket)
        poller.add(monitor)
    }

    /// Drops the connection to `name` without dialling again (see ``redial(_:)``).
    func hangUp(_ name: String) {
        guard let dealer = dealers[name] else { return }
        try? dealer.socket.disconnect(dealer.endpoint)
    }

    /// Dials `name` again after ``hangUp(_:)`` (a refused or broken session starts afresh).
    func redial(_ name: String) {
        guard let dealer = dealers[name] else { return }
        try? dealer.socket.disconnect(dealer.endpoint)
        try? dealer.socket.connect(dealer.endpoint)
    }

    /// Closes the DEALER of a peer that was removed.
    func removeDealer(_ name: String) {
        guard let dealer = dealers.removeValue(forKey: name) else { return }
        poller.remove(dealer.socket)
        poller.remove(dealer.monitor)
        dealer.monitor.close()
        dealer.socket.close()
    }

    func sendDealer(_ name: String, _ bytes: [UInt8]) throws {
        guard let dealer = dealers[name] else { throw SessionError.unknownPeer(name) }
        if let error = Self.failure({ () throws(ZMQError) in
            try dealer.socket.send([bytes], wait: .timeout(Self.sendTimeout))
        }) {
            guard error.code == .again else { throw error }
            // ZMQ_IMMEDIATE: nothing is queued without a live connection, so a send that cannot start means the
            // peer went away (killed, stopped, network down) since its handshake.
            throw SessionError.timedOut(
                "peer unreachable: the connection to \(dealer.endpoint) was lost (nothing could be sent for "
                    + "\(Self.sendTimeout)); is `outpost serve` running there?")
        }
    }

    func sendRouter(_ identity: [UInt8], _ bytes: [UInt8]) throws {
        guard let router else { throw SessionError.unknownPeer("no router") }
        if let error = Self.failure({ () throws(ZMQError) in
            try router.send([identity, bytes], wait: .timeout(Self.sendTimeout))
        }) {
            guard error.code == .again else { throw error }
            throw SessionError.timedOut("peer not reading: nothing could be sent for \(Self.sendTimeout)")
        }
    }

    static let sendTimeout: Duration = .seconds(5)

    /// The error `body` threw, if any. (A `catch ZMQError.Code.again` clause here crashed the 6.3 compiler.)
    private static func failure(_ body: () throws(ZMQError) -> Void) -> ZMQError? {
        do {
            try body()
            return nil
        } catch {
            return error
        }
    }

    func monitorEvents() -> [PeerEvent] {
        var events: [PeerEvent] = []
        for (name, dealer) in dealers where poller.isReadable(dealer.monitor) {
            while let event = try? dealer.monitor.receiveMonitorEvent(wait: .never) {
                events.append(PeerEvent(peer: name, event: event.event))
            }
        }
        return events
    }

    /// Messages waiting on the DEALERs, by peer name (at most a few per call so one peer cannot starve others).
    func receiveDealers() -> [(String, [[UInt8]])] {
        var received: [(String, [[UInt8]])] = []
        for (name, dealer) in dealers where poller.isReadable(dealer.socket) {
            for _ in 0..<8 {
                guard let frames = try? dealer.socket.receive(wait: .never) else { break }
                received.append((name, frames))
            }
        }
        return received
    }

    func receiveRouter() -> [Message] {
        guard let router, poller.isReadable(router) else { return [] }
        var received: [Message] = []
        for _ in 0..<8 {
            guard (try? router.receiveMessage(into: &message, wait: .never)) == true else { break }
            received.append(message)
        }
        return received
    }

    func close() {
        for dealer in dealers.values {
            dealer.monitor.close()
            dealer.socket.close()
        }
        dealers = [:]
        router?.close()
        router = nil
    }
}
