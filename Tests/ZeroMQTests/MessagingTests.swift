import Foundation
import Testing

@testable import ZeroMQ

@Suite(.timeLimit(.minutes(5))) struct MessagingTests {
    @Test func routerAndDealerExchangeMultipartMessagesOverTCP() throws {
        let context = try Context()
        let router = try Socket(context, type: .router)
        defer { router.close() }
        let dealer = try Socket(context, type: .dealer)
        defer { dealer.close() }
        try dealer.set(.routingID, bytes("office-a"))
        let endpoint = try router.bindEphemeral()
        try dealer.connect(endpoint)

        try dealer.send([bytes("hello"), [], [0, 1, 2, 255]])
        let request = try #require(try router.receive(wait: patience))
        #expect(request == [bytes("office-a"), bytes("hello"), [], [0, 1, 2, 255]])

        try router.send([bytes("office-a"), bytes("welcome"), bytes("back")])
        #expect(try dealer.receive(wait: patience) == [bytes("welcome"), bytes("back")])
    }

    @Test func bindingPortZeroReportsTheRealPort() throws {
        let context = try Context()
        let router = try Socket(context, type: .router)
        defer { router.close() }
        let endpoint = try router.bindEphemeral()
        #expect(endpoint.hasPrefix("tcp://127.0.0.1:"))
        let port = try #require(Int(endpoint.split(separator: ":").last!))
        #expect(port > 0)
    }

    @Test func dataAndZeroCopyFramesTravelLikeByteArrays() throws {
        let context = try Context()
        let pull = try Socket(context, type: .pair)
        defer { pull.close() }
        let push = try Socket(context, type: .pair)
        defer { push.close() }
        try pull.bind("inproc://frames")
        try push.connect("inproc://frames")

        try push.send([Data("one".utf8), Data([9, 8])])
        #expect(try pull.receiveData(wait: patience) == [Data("one".utf8), Data([9, 8])])

        let big = Frame(count: 100_000) { buffer in
            for index in buffer.indices { buffer[index] = UInt8(truncatingIfNeeded: index) }
        }
        try push.send([Frame(bytes("head")), big])
        try push.send([big])  // a sent frame stays valid: its buffer is shared, not moved
        let first = try #require(try pull.receiveFrames(wait: patience))
        #expect(first.map(\.count) == [4, 100_000])
        #expect(first[0].bytes == bytes("head"))
        first[1].withUnsafeBytes { #expect($0[99_999] == UInt8(truncatingIfNeeded: 99_999)) }
        let second = try #require(try pull.receiveFrames(wait: patience))
        #expect(second.count == 1 && second[0].bytes == big.bytes)
    }

    @Test func receiveIntoReusesTheArraysAndKeepsExactlyTheMessagesFrames() throws {
        let context = try Context()
        let receiver = try Socket(context, type: .pair)
        defer { receiver.close() }
        let sender = try Socket(context, type: .pair)
        defer { sender.close() }
        try receiver.bind("inproc://reuse")
        try sender.connect("inproc://reuse")

        var frames: [[UInt8]] = []
        #expect(try !receiver.receive(into: &frames, wait: .never))
        try sender.send([bytes("three"), bytes("frame"), bytes("message")])
        try sender.send([bytes("two"), []])
        #expect(try receiver.receive(into: &frames, wait: patience))
        #expect(frames == [bytes("three"), bytes("frame"), bytes("message")])
        #expect(try receiver.receive(into: &frames, wait: patience))
        #expect(frames == [bytes("two"), []])
    }

    @Test func subscriberGetsOnlyItsTopics() throws {
        let context = try Context()
        let publisher = try Socket(context, type: .pub)
        defer { publisher.close() }
        let subscriber = try Socket(context, type: .sub)
        defer { subscriber.close() }
        try subscriber.set(.subscribe, bytes("orders"))
        let endpoint = try publisher.bindEphemeral()
        try subscriber.connect(endpoint)

        // A subscription reaches the publisher asynchronously: publish until the first message gets through.
        var received: [[UInt8]]?
        let deadline = ContinuousClock.now + .seconds(5)
        while received == nil && ContinuousClock.now < deadline {
            try publisher.send([bytes("customers"), bytes("ignored")])
            try publisher.send([bytes("orders"), bytes("probe")])
            received = try subscriber.receive(wait: .timeout(.milliseconds(50)))
        }
        #expect(received == [bytes("orders"), bytes("probe")])
        try publisher.send([bytes("customers"), bytes("c1")])
        try publisher.send([bytes("orders"), bytes("o1")])
        var rest: [[[UInt8]]] = []
        while let message = try subscriber.receive(wait: .timeout(.milliseconds(300))) { rest.append(message) }
        #expect(rest.allSatisfy { $0[0] == bytes("orders") })
        #expect(rest.last == [bytes("orders"), bytes("o1")])
    }

    @Test func receiveReturnsNilWhenNothingArrivesInTime() throws {
        let context = try Context()
        let pair = try Socket(context, type: .pair)
        defer { pair.close() }
        try pair.bind("inproc://quiet")
        #expect(try pair.receive(wait: .never) == nil)

        let start = ContinuousClock.now
        #expect(try pair.receive(wait: .timeout(.milliseconds(50))) == nil)
        #expect(ContinuousClock.now - start >= .milliseconds(50))

        try pair.set(.receiveTimeout, .milliseconds(20))
        #expect(try pair.receive() == nil)
    }

    @Test func sendingWithoutWaitingToNoPeerFailsWithEAGAIN() throws {
        let context = try Context()
        let dealer = try Socket(context, type: .dealer)
        defer { dealer.close() }
        try dealer.set(.immediate, true)
        // Port 1 of loopback: nothing listens there, and the send must not block. (A released ephemeral port
        // is no good here: under `--parallel` another test's socket can be given it in the meantime; an inproc
        // name connected before a bind queues instead.)
        try dealer.connect("tcp://127.0.0.1:1")
        #expect(throws: ZMQError.self) { try dealer.send([bytes("x")], wait: .never) }
        #expect(sendFailsWithEAGAIN(dealer))
    }

    /// Written as client code would be: `catch ZMQError.Code.again` matches the errno.
    private func sendFailsWithEAGAIN(_ dealer: Socket) -> Bool {
        do {
            try dealer.send([bytes("x")], wait: .timeout(.milliseconds(20)))
            return false
        } catch ZMQError.Code.again {
            return true
        } catch {
            return false
        }
    }

    @Test func routerMandatoryReportsAnUnknownPeerAsEHOSTUNREACH() throws {
        let context = try Context()
        let router = try Socket(context, type: .router)
        defer { router.close() }
        try router.set(.routerMandatory, true)
        try router.bind("inproc://mandatory")
        let error = try #require(throws: ZMQError.self) { try router.send([bytes("nobody"), bytes("hi")]) }
        #expect(error.code == .hostUnreachable)
        #expect(error.call == "zmq_send")
    }

    @Test func errorsKeepTheErrnoAndTheCall() throws {
        let context = try Context()
        let first = try Socket(context, type: .router)
        defer { first.close() }
        let second = try Socket(context, type: .router)
        defer { second.close() }
        let endpoint = try first.bindEphemeral()
        let error = try #require(throws: ZMQError.self) { try second.bind(endpoint) }
        #expect(error.code == .addressInUse)
        #expect(error.call == "zmq_bind(\(endpoint))")
        #expect(error.description.contains("errno"))
        let unknown = try #require(throws: ZMQError.self) { try second.bind("nosuch://x") }
        #expect(unknown.code == .protocolNotSupported)
    }

    @Test func unbindAndDisconnectUndoBindAndConnect() throws {
        let context = try Context()
        let router = try Socket(context, type: .router)
        defer { router.close() }
        let dealer = try Socket(context, type: .dealer)
        defer { dealer.close() }
        let endpoint = try router.bindEphemeral()
        try dealer.connect(endpoint)
        try dealer.disconnect(endpoint)
        try router.unbind(endpoint)
        let unbound = try #require(throws: ZMQError.self) { try router.unbind(endpoint) }
        #expect(unbound.code == .noSuchEndpoint)
        let disconnected = try #require(throws: ZMQError.self) { try dealer.disconnect(endpoint) }
        #expect(disconnected.code == .noSuchEndpoint)
    }

    @Test func closingIsIdempotent() throws {
        let context = try Context()
        let socket = try Socket(context, type: .dealer)
        #expect(!socket.isClosed)
        socket.close()
        socket.close()
        #expect(socket.isClosed)
    }

    @Test func shutdownMakesBlockingCallsFailWithETERM() throws {
        let context = try Context()
        let pair = try Socket(context, type: .pair)
        defer { pair.close() }
        context.shutdown()
        #expect {
            _ = try pair.receive()
        } throws: { ($0 as? ZMQError)?.code == .terminated }
    }
}
