import Testing

@testable import ZeroMQ

/// A CURVE ROUTER server with its authenticator, and a way to make clients, all in one context.
private final class CurveSetup {
    let context: Context
    let serverKeys: CurveKeyPair
    let authenticator: ZAPAuthenticator
    let router: Socket
    let endpoint: String
    let denials = Recorder<ZAPDenial>()

    init(allowing allowed: Set<CurveKey>) throws {
        context = try Context()
        serverKeys = try CurveKeyPair.generate()
        let denials = self.denials
        authenticator = try context.startAuthenticator(allowing: allowed) { denials.record($0) }
        router = try Socket(context, type: .router)
        try router.configureCurveServer(keyPair: serverKeys, authenticator: authenticator)
        endpoint = try router.bindEphemeral()
    }

    func client(_ keys: CurveKeyPair, serverKey: CurveKey? = nil) throws -> Socket {
        let dealer = try Socket(context, type: .dealer)
        try dealer.set(.reconnectInterval, .milliseconds(20))
        try dealer.configureCurveClient(keyPair: keys, serverKey: serverKey ?? serverKeys.publicKey)
        return dealer
    }

    deinit { router.close() }
}

@Suite(.timeLimit(.minutes(5))) struct CurveAuthenticationTests {
    @Test func allowedClientIsAdmittedAndIdentifiedByItsKey() throws {
        let clientKeys = try CurveKeyPair.generate()
        let setup = try CurveSetup(allowing: [clientKeys.publicKey])
        let dealer = try setup.client(clientKeys)
        defer { dealer.close() }
        try dealer.connect(setup.endpoint)
        try dealer.send([bytes("hello"), bytes("encrypted")])

        let message = try #require(try setup.router.receiveMessage(wait: patience))
        #expect(message.frames.dropFirst() == [bytes("hello"), bytes("encrypted")])
        #expect(message.userID == clientKeys.publicKey.z85)
        #expect(message.senderKey == clientKeys.publicKey)
        #expect(message.peerAddress == "127.0.0.1")

        try setup.router.send([message.frames[0], bytes("reply")])
        #expect(try dealer.receive(wait: patience) == [bytes("reply")])

        // The reusing form reports the same sender.
        try dealer.send([bytes("again")])
        var reused = Message(frames: [])
        #expect(try setup.router.receiveMessage(into: &reused, wait: patience))
        #expect(reused.frames == [message.frames[0], bytes("again")])
        #expect(reused.senderKey == clientKeys.publicKey)
        #expect(reused.peerAddress == "127.0.0.1")
        #expect(setup.denials.all.isEmpty)
    }

    @Test func clientUsingTheWrongServerKeyFailsItsHandshake() throws {
        let clientKeys = try CurveKeyPair.generate()
        let setup = try CurveSetup(allowing: [clientKeys.publicKey])
        let impostorKey = try CurveKeyPair.generate().publicKey
        let dealer = try setup.client(clientKeys, serverKey: impostorKey)
        defer { dealer.close() }
        let events = try dealer.monitor(events: [.handshakeSucceeded, .handshakeFailed])
        defer { events.close() }
        try dealer.connect(setup.endpoint)
        try dealer.send([bytes("secret")])

        let seen = try events.monitorEvents(until: [.handshakeSucceeded, .handshakeFailed])
        #expect(seen.last.map { SocketEvent.handshakeFailed.contains($0.event) } == true)
        #expect(try setup.router.receive(wait: .timeout(.milliseconds(200))) == nil)
    }

    @Test func clientNotOnTheAllowListIsRefusedAndReported() throws {
        let allowed = try CurveKeyPair.generate()
        let stranger = try CurveKeyPair.generate()
        let setup = try CurveSetup(allowing: [allowed.publicKey])
        let dealer = try setup.client(stranger)
        defer { dealer.close() }
        let events = try dealer.monitor(events: [.handshakeSucceeded, .handshakeFailed])
        defer { events.close() }
        try dealer.connect(setup.endpoint)
        try dealer.send([bytes("let me in")])

        let seen = try events.monitorEvents(until: [.handshakeSucceeded, .handshakeFailed])
        #expect(seen.last?.event == .handshakeFailedAuth)
        #expect(seen.last?.value == 400)
        #expect(try setup.router.receive(wait: .timeout(.milliseconds(200))) == nil)
        let denial = try #require(setup.denials.waitFor(count: 1).first)
        #expect(denial.publicKey == stranger.publicKey)
        #expect(denial.mechanism == "CURVE")
        #expect(denial.address == "127.0.0.1")
        #expect(denial.domain == setup.authenticator.domain)
    }

    @Test func allowListChangesApplyToTheNextHandshake() throws {
        let late = try CurveKeyPair.generate()
        let setup = try CurveSetup(allowing: [])
        let dealer = try setup.client(late)
        defer { dealer.close() }
        try dealer.connect(setup.endpoint)
        try dealer.send([bytes("first try")])
        #expect(!setup.denials.waitFor(count: 1).isEmpty)

        // libzmq gives up on a connection that ZAP refused; once the key is allowed, a new connect gets through.
        setup.authenticator.allow(late.publicKey)
        #expect(setup.authenticator.allowedKeys == [late.publicKey])
        try? dealer.disconnect(setup.endpoint)
        try dealer.connect(setup.endpoint)
        try dealer.send([bytes("second try")])
        let message = try #require(try setup.router.receiveMessage(wait: patience))
        #expect(message.frames.last == bytes("second try"))
        #expect(message.senderKey == late.publicKey)

        // Revoked: a new connection from the same key is refused again.
        setup.authenticator.revoke(late.publicKey)
        let deniedBefore = setup.denials.all.count
        let again = try setup.client(late)
        defer { again.close() }
        try again.connect(setup.endpoint)
        try again.send([bytes("after revoke")])
        #expect(setup.denials.waitFor(count: deniedBefore + 1).count > deniedBefore)
        #expect(setup.denials.all.last?.publicKey == late.publicKey)
    }

    @Test func nonCurveClientIsRefusedEvenWhenTheAllowListIsNotEmpty() throws {
        let allowed = try CurveKeyPair.generate()
        let setup = try CurveSetup(allowing: [allowed.publicKey])
        // Control: the allow-list admits its key on this very server.
        let curve = try setup.client(allowed)
        defer { curve.close() }
        try curve.connect(setup.endpoint)
        try curve.send([bytes("with crypto")])
        #expect(try setup.router.receiveMessage(wait: patience)?.frames.last == bytes("with crypto"))

        // A plain client never completes a handshake with a CURVE server: nothing it sends is delivered. It
        // is queued behind the control message so the wait below covers its whole connection attempt.
        let plain = try Socket(setup.context, type: .dealer)
        defer { plain.close() }
        let failed: SocketEvent = [
            .handshakeFailedProtocol, .handshakeFailedNoDetail, .handshakeFailedAuth, .disconnected,
        ]
        let monitor = try plain.monitor(events: failed.union(.handshakeSucceeded))
        defer { monitor.close() }
        try plain.connect(setup.endpoint)
        try plain.send([bytes("no crypto")], wait: .never)
        let events = try monitor.monitorEvents(until: failed)
        #expect(!events.contains { $0.event.contains(.handshakeSucceeded) })
        #expect(events.contains { !$0.event.intersection(failed).isEmpty }, "\(events)")
        #expect(try setup.router.receive(wait: .timeout(.milliseconds(300))) == nil)
    }

    @Test func deniedKeysAlsoArriveOnTheAsyncStream() async throws {
        let stranger = try CurveKeyPair.generate()
        let setup = try CurveSetup(allowing: [])
        let dealer = try setup.client(stranger)
        defer { dealer.close() }
        try dealer.connect(setup.endpoint)
        var iterator = setup.authenticator.denials.makeAsyncIterator()
        let denial = await iterator.next()
        #expect(denial?.publicKey == stranger.publicKey)
    }

    @Test func aContextHasOnlyOneAuthenticator() throws {
        let context = try Context()
        _ = try context.startAuthenticator(allowing: [])
        let error = try #require(throws: ZMQError.self) { try context.startAuthenticator(allowing: []) }
        #expect(error.code == .addressInUse)
    }
}
