import Testing

@testable import ZeroMQ

@Suite(.timeLimit(.minutes(5))) struct SocketOptionTests {
    @Test func typedOptionsReadBackWhatWasSet() throws {
        let context = try Context()
        let socket = try Socket(context, type: .dealer)
        defer { socket.close() }
        #expect(try socket.get(.linger) == .zero)  // non-blocky contexts default linger to zero
        try socket.set(.linger, .milliseconds(250))
        #expect(try socket.get(.linger) == .milliseconds(250))
        try socket.set(.linger, nil)
        #expect(try socket.get(.linger) == nil)
        try socket.set(.sendHighWaterMark, 5000)
        try socket.set(.receiveHighWaterMark, 7000)
        #expect(try socket.get(.sendHighWaterMark) == 5000)
        #expect(try socket.get(.receiveHighWaterMark) == 7000)
        #expect(try socket.get(.maxMessageSize) == nil)
        try socket.set(.maxMessageSize, 1 << 20)
        #expect(try socket.get(.maxMessageSize) == 1 << 20)
        try socket.set(.heartbeatInterval, .seconds(1))
        try socket.set(.heartbeatTimeout, .seconds(3))
        try socket.set(.heartbeatTTL, .seconds(6))
        #expect(try socket.get(.heartbeatInterval) == .seconds(1))
        #expect(try socket.get(.heartbeatTimeout) == .seconds(3))
        #expect(try socket.get(.heartbeatTTL) == .seconds(6))
        try socket.set(.reconnectInterval, .milliseconds(100))
        try socket.set(.reconnectIntervalMax, .seconds(30))
        #expect(try socket.get(.reconnectInterval) == .milliseconds(100))
        #expect(try socket.get(.reconnectIntervalMax) == .seconds(30))
        try socket.set(.routingID, bytes("node-7"))
        #expect(try socket.get(.routingID) == bytes("node-7"))
    }

    @Test func anInvalidOptionValueKeepsEINVAL() throws {
        let context = try Context()
        let socket = try Socket(context, type: .dealer)
        defer { socket.close() }
        let error = try #require(throws: ZMQError.self) {
            try socket.set(.routingID, [UInt8](repeating: 1, count: 300))
        }
        #expect(error.code == .invalidArgument)
    }

    @Test func aMessageOverTheMaximumSizeIsNotDeliveredAndDropsTheSender() throws {
        let context = try Context()
        let router = try Socket(context, type: .router)
        defer { router.close() }
        try router.set(.maxMessageSize, 1024)
        let events = try router.monitor(events: [.accepted, .disconnected])
        defer { events.close() }
        let endpoint = try router.bindEphemeral()
        let dealer = try Socket(context, type: .dealer)
        defer { dealer.close() }
        try dealer.connect(endpoint)

        try dealer.send([[UInt8](repeating: 7, count: 1000)])
        let small = try #require(try router.receive(wait: patience))
        #expect(small[1].count == 1000)

        try dealer.send([[UInt8](repeating: 7, count: 2000)])
        #expect(try router.receive(wait: .timeout(.milliseconds(300))) == nil)
        let seen = try events.monitorEvents(until: .disconnected)
        #expect(seen.last?.event == .disconnected)
    }
}
