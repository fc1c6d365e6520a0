import Foundation
import GRDB
import Replica
import Synchronization
import TestSupport
import Testing

@testable import CRM

/// An explicit edit is a write with a fresh clock, even when this node already shows the value.
@Suite struct ExplicitEditTests {
    /// A wall clock the test moves by hand (milliseconds).
    final class ManualClock: Sendable {
        private let millis = Mutex<UInt64>(1_000_000)
        var now: UInt64 { millis.withLock { $0 } }
        func set(_ value: UInt64) { millis.withLock { $0 = value } }
    }

    /// Two nodes with hand-driven wall clocks, sharing a scratch directory.
    final class TwoNodes {
        let scratch: ScratchDirectory
        let east: Replica
        let hq: Replica
        let eastClock = ManualClock()
        let hqClock = ManualClock()

        init() throws {
            scratch = try ScratchDirectory("outpost-edit")
            let eastClock = eastClock
            let hqClock = hqClock
            east = try TestReplicas.create("east", in: scratch, wallClock: { eastClock.now })
            hq = try TestReplicas.create("hq", in: scratch, role: .hq, region: "all", wallClock: { hqClock.now })
        }

        /// Ships what `target` lacks from `source`, as a session would; returns the conflicts `target` logged.
        @discardableResult
        func ship(from source: Replica, to target: Replica) throws -> [MergeConflict] {
            var conflicts: [MergeConflict] = []
            while true {
                let batch = try source.outgoingBatch(after: try target.versionVector(), limit: 100)
                if batch.changes.isEmpty && batch.covers.isEmpty { break }
                conflicts += try target.apply(
                    batch.changes, covers: batch.covers, senderHeads: try source.versionVector()
                ).conflicts
                if batch.isLast { break }
            }
            return conflicts
        }

        func channel(_ replica: Replica) throws -> String? {
            try replica.reader.read { try String.fetchOne($0, sql: "SELECT channel FROM customers WHERE id = 'C1'") }
        }
    }

    @Test func anExplicitLaterEditWinsEvenWhenTheNodeAlreadyShowsThatValue() throws {
        let nodes = try TwoNodes()
        try CustomerBook(replica: nodes.east).add(
            id: "C1", fields: ["name": "Zhang", "region": "east", "channel": "traditional"])
        try nodes.ship(from: nodes.east, to: nodes.hq)

        // HQ moves the shop to `chain`; east has not heard of it yet (clocks stay within the 5-minute bound).
        nodes.hqClock.set(1_100_000)
        try CustomerBook(replica: nodes.hq).update(id: "C1", fields: ["channel": "chain"])
        // Later, east's manager confirms `traditional`, which east still (stalely) shows.
        nodes.eastClock.set(1_200_000)
        let head = try nodes.east.versionVector()[nodes.east.identity.siteID] ?? 0
        let changed = try CustomerBook(replica: nodes.east).update(id: "C1", fields: ["channel": "traditional"])
        #expect(changed.isEmpty, "the value did not change here")
        #expect(try nodes.east.versionVector()[nodes.east.identity.siteID] == head + 1, "but the edit was captured")

        // East's edit reaches HQ first: HQ meets both writes and logs the conflict, which the later, explicit edit
        // wins. HQ's superseded `chain` is compacted there, so east only ever sees the winner.
        let atHQ = try nodes.ship(from: nodes.east, to: nodes.hq)
        try nodes.ship(from: nodes.hq, to: nodes.east)
        #expect(atHQ.count == 1)
        #expect(atHQ.first?.column == "channel")
        #expect(atHQ.first?.winner.value == "traditional".databaseValue)
        #expect(atHQ.first?.loser.value == "chain".databaseValue)
        #expect(try nodes.channel(nodes.east) == "traditional")
        #expect(try nodes.channel(nodes.hq) == "traditional")
    }

    @Test func reimportingAnUnchangedFileStillWritesNothing() throws {
        let fixture = try ImportFixture()
        let path = try fixture.file("c.csv", "id,name,region,channel\nC1,Zhang,east,traditional\n")
        _ = try fixture.run(.customers, path)
        let head = try fixture.replica.versionVector()
        let again = try fixture.run(.customers, path)
        #expect(again.unchanged == 1 && again.updated == 0)
        #expect(try fixture.replica.versionVector() == head)
    }
}
