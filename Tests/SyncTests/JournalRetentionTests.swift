import Foundation
import GRDB
import Replica
import Testing

@testable import Sync

/// The sync journal keeps the newest 10,000 events, pruning every 1,000 inserts (docs/cli.md, `log`).
@Suite struct JournalRetentionTests {
    @Test func theJournalKeepsTheNewestTenThousandEventsPrunedEveryThousand() throws {
        let harness = try SyncHarness()
        let node = try harness.node("hq", role: .hq)
        let book = PeerBook(replica: node.replica)
        #expect(PeerBook.eventRetention == 10_000)
        func count() throws -> (rows: Int, oldest: Int) {
            try node.replica.reader.read { db in
                (
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM outpost_events")!,
                    try Int.fetchOne(db, sql: "SELECT min(id) FROM outpost_events") ?? 0
                )
            }
        }
        // Bulk inserts up to just before each boundary, then the journal's own writes across it.
        func bulk(_ range: ClosedRange<Int>) throws {
            try node.replica.writeLocal(as: SyncTables.owner) { db in
                for index in range {
                    try db.execute(
                        sql:
                            "INSERT INTO outpost_events (at, peer, kind, detail) VALUES ('2026-01-01T00:00:00Z', NULL, 'x', ?)",
                        arguments: ["event \(index)"])
                }
            }
        }
        try bulk(1...10_998)
        book.event("session", peer: nil, "event 10999")
        #expect(try count() == (10_999, 1), "no prune before the 1,000th insert")
        book.event("session", peer: nil, "event 11000")
        #expect(try count() == (10_000, 1_001), "the 11,000th insert prunes down to the newest 10,000")
        try bulk(11_001...11_998)
        book.event("session", peer: nil, "event 11999")
        #expect(try count() == (10_999, 1_001))
        book.event("session", peer: nil, "event 12000")
        #expect(try count() == (10_000, 2_001))
        let newest = try node.replica.text("SELECT detail FROM outpost_events ORDER BY id DESC LIMIT 1")
        #expect(newest == "event 12000")
    }
}
