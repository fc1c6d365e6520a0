import Foundation
import Replica
import Sync
import Testing

/// Every clock reading of the sync path goes through the replica's injected wall clock: two real engines with
/// fixed clocks 90 s apart record exactly that skew, and every timestamp they journal is their own clock's,
/// without a sleep or a real clock in the test.
@Suite(.timeLimit(.minutes(5))) struct WallClockInjectionTests {
    static let hqMillis: UInt64 = 1_900_000_000_000
    static let eastMillis: UInt64 = hqMillis + 90_000

    @Test func skewAndJournalTimesComeFromEachNodesInjectedClock() throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq) { Self.hqMillis }
        let east = try harness.node("east") { Self.eastMillis }
        try east.replica.write { try $0.insert(.customers, key: ["E1"], values: customerValues("east shop")) }
        let (_, endpoint) = try harness.serve("hq", peers: [harness.peer("east", endpoint: nil)])
        let result = try harness.engine("east", peers: [harness.peer("hq", endpoint: endpoint)])
            .syncOnce(timeout: .seconds(20))
        #expect(result.caughtUp == ["hq"])
        #expect(try hq.replica.rowCount("customers") == 1)

        // The Hello carries the sender's injected clock; the receiver compares it with its own.
        let atHQ = try #require(try hq.replica.reader.read { try PeerBook.stateRecords($0) }["east"])
        #expect(atHQ.clockSkewMillis == 90_000)
        let atEast = try #require(try east.replica.reader.read { try PeerBook.stateRecords($0) }["hq"])
        #expect(atEast.clockSkewMillis == -90_000)
        // 1.9e9 s after 1970 is 2030-03-17T17:46:40Z; east runs 90 s later.
        #expect(atHQ.lastContact == "2030-03-17T17:46:40Z")
        #expect(atEast.lastContact == "2030-03-17T17:48:10Z")
        let hqEvents = try hq.replica.reader.read { try PeerBook.events($0, peer: "east") }
        let eastEvents = try east.replica.reader.read { try PeerBook.events($0, peer: "hq") }
        #expect(!hqEvents.isEmpty && !eastEvents.isEmpty)
        #expect(hqEvents.allSatisfy { $0.at == "2030-03-17T17:46:40.000Z" }, "\(hqEvents.map(\.at))")
        #expect(eastEvents.allSatisfy { $0.at == "2030-03-17T17:48:10.000Z" }, "\(eastEvents.map(\.at))")
    }
}
