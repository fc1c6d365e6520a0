import Foundation
import Testing
import ZeroMQ

@testable import Sync

/// A peer that went away mid-session is reported as unreachable, not with a raw libzmq error.
@Suite(.timeLimit(.minutes(5))) struct UnreachablePeerTests {
    @Test func sendingToALostPeerSaysItIsUnreachable() throws {
        let context = try Context()
        defer { context.shutdown() }
        let transport = ZeroMQTransport(context: context, options: SyncEngine.Options())
        defer { transport.close() }
        let server = try CurveKeyPair.generate()
        // Nothing listens on this just-released port: like a `serve` that was killed.
        let probe = try Socket(context, type: .router)
        try probe.bind("tcp://127.0.0.1:0")
        let endpoint = try probe.get(.lastEndpoint)
        probe.close()
        let peer = Peer(
            name: "gone", endpoint: endpoint, publicKey: server.publicKey.z85, addedAt: "2026-01-01T00:00:00Z")
        try transport.connectDealer(peer, keyPair: try CurveKeyPair.generate(), serverKey: server.publicKey)
        do {
            try transport.sendDealer("gone", [1, 2, 3])
            Issue.record("a send to nobody succeeded")
        } catch {
            let text = "\(error)"
            #expect(text.contains("peer unreachable"), "\(text)")
            #expect(!text.contains("errno"), "\(text)")
        }
    }
}
