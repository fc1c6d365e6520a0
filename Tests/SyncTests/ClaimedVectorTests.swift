import Foundation
import GRDB
import Replica
import Sync
import SyncProtocol
import Testing

/// A peer's vector is its claim until its CaughtUp; after that, what it claims beyond what it sent is not
/// recorded, so `status` cannot be made to report a lag of changes that never existed.
@Suite(.timeLimit(.minutes(5))) struct ClaimedVectorTests {
    static func recorded(_ replica: Replica, peer: String) throws -> (heads: String?, verified: Bool)? {
        try replica.reader.read { db in
            try Row.fetchOne(
                db, sql: "SELECT peer_heads, peer_heads_verified FROM outpost_peer_state WHERE name = ?",
                arguments: [peer]
            ).map { ($0[0], $0[1]) }
        }
    }

    @Test func claimBeyondWhatThePeerSentIsCappedOnceItSaysCaughtUp() throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq)
        try harness.node("liar")
        let (_, endpoint) = try harness.serve("hq", peers: [harness.peer("liar", endpoint: nil)])
        let liar = RawPeer(harness: harness, name: "liar")
        let phantom = SiteID.random()
        let claim: VersionVector = [phantom: 999_997_960, liar.site: 1]

        try liar.send([liar.hello(vector: claim)], to: "hq", endpoint: endpoint)
        let claimed = try #require(try Self.recorded(hq.replica, peer: "liar"))
        #expect(claimed.heads?.contains(":999997960") == true)
        #expect(!claimed.verified)

        // It sends its one real change, then says it holds nothing more than the same claim.
        let caughtUp = SyncMessage.v1(.caughtUp(CaughtUp(versionVector: claim))).encode()
        try liar.send(
            [liar.hello(vector: claim), liar.batch([liar.customer("L1", seq: 1)]), caughtUp], to: "hq",
            endpoint: endpoint)
        let deadline = Date().addingTimeInterval(3)
        var confirmed = try Self.recorded(hq.replica, peer: "liar")
        while confirmed?.verified != true && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
            confirmed = try Self.recorded(hq.replica, peer: "liar")
        }
        #expect(confirmed?.verified == true)
        #expect(confirmed?.heads?.contains("999997960") == false, "\(confirmed?.heads ?? "")")
        #expect(confirmed?.heads?.hasSuffix(":1") == true, "\(confirmed?.heads ?? "")")
        #expect(try hq.replica.rowCount("customers") == 1)
    }
}
