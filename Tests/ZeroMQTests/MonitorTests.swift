import Testing

@testable import ZeroMQ

@Suite(.timeLimit(.minutes(5))) struct MonitorTests {
    @Test func monitorReportsConnectAndHandshakeThenDisconnect() throws {
        let context = try Context()
        let router = try Socket(context, type: .router)
        defer { router.close() }
        let endpoint = try router.bindEphemeral()
        let dealer = try Socket(context, type: .dealer)
        defer { dealer.close() }
        let events = try dealer.monitor(events: [.connected, .handshakeSucceeded, .disconnected])
        defer { events.close() }
        try dealer.connect(endpoint)

        let connecting = try events.monitorEvents(until: .handshakeSucceeded)
        #expect(connecting.map(\.event) == [.connected, .handshakeSucceeded])
        #expect(connecting.allSatisfy { $0.endpoint == endpoint })

        router.close()
        let leaving = try events.monitorEvents(until: .disconnected)
        #expect(leaving.last?.event == .disconnected)
        #expect(leaving.last?.endpoint == endpoint)
    }

    @Test func monitorEventDecodesTheWireLayout() throws {
        var header = withUnsafeBytes(of: UInt16(0x0200)) { Array($0) }
        header += withUnsafeBytes(of: UInt32(42)) { Array($0) }
        let event = try #require(MonitorEvent(frames: [header, bytes("tcp://127.0.0.1:5")]))
        #expect(event == MonitorEvent(event: .disconnected, value: 42, endpoint: "tcp://127.0.0.1:5"))
        #expect(MonitorEvent(frames: [bytes("short")]) == nil)
        #expect(SocketEvent([.connected, .disconnected]).description == "[connected, disconnected]")
    }

    @Test func closingTheMonitoredSocketStopsTheMonitor() throws {
        let context = try Context()
        let socket = try Socket(context, type: .dealer)
        let events = try socket.monitor()
        defer { events.close() }
        socket.close()
        let seen = try events.monitorEvents(until: .monitorStopped)
        #expect(seen.last?.event == .monitorStopped)
    }
}
