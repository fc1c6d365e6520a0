import CRM
import Foundation
import GRDB
import TestSupport
import Testing

@testable import Replica

@Suite struct ChangeCaptureTests {
    @Test func everyWritePathLeavesItsChangeInTheSameTransaction() throws {
        let fixture = try ReplicaFixture()
        let replica = try fixture.replica("a")
        try replica.write { try $0.insert(.customers, key: ["C1"], values: customer("Zhang")) }
        #expect(try replica.versionVector()[replica.identity.siteID] == 1)
        try replica.write { try $0.update(.customers, key: ["C1"], values: ["phone": "139".databaseValue]) }
        try replica.write { try $0.append(.orders, id: "O1", values: orderRow("C1")) }
        try replica.write { try $0.insert(.customerTags, key: ["C1", "vip"], values: [:]) }
        try replica.write { try $0.delete(.customers, key: ["C1"]) }
        #expect(try replica.versionVector()[replica.identity.siteID] == 5)
        let batch = try replica.outgoingBatch(after: [:], limit: 100)
        // The create and the phone cell were compacted by the delete; the tombstone, the order and the tag remain.
        #expect(
            batch.changes.map(\.column) == [ReplicaChange.appendRow, ReplicaChange.rowEvent, ReplicaChange.rowEvent])
        #expect(batch.changes.map(\.version.seq) == [3, 4, 5])
        #expect(batch.covers[replica.identity.siteID] == 5)
        #expect(try replica.count("customers") == 0)
    }

    @Test func failedTransactionLeavesNeitherDataNorChange() throws {
        struct Boom: Error {}
        let fixture = try ReplicaFixture()
        let replica = try fixture.replica("a")
        #expect(throws: Boom.self) {
            try replica.write { writer in
                try writer.insert(.customers, key: ["C1"], values: customer("Zhang"))
                try writer.append(.orders, id: "O1", values: orderRow("C1"))
                throw Boom()
            }
        }
        #expect(try replica.count("customers") == 0)
        #expect(try replica.count("orders") == 0)
        #expect(try replica.count("outpost_cells") == 0)
        #expect(try replica.count("outpost_append_runs") == 0)
        #expect(try replica.versionVector().isEmpty)
    }

    @Test func clockStaysMonotonicAcrossRestartAndABackwardWallClock() throws {
        let fixture = try ReplicaFixture()
        let first = try fixture.replica("a", wallClock: { 9_000_000 })
        try first.write { try $0.insert(.customers, key: ["C1"], values: customer("Zhang")) }
        let before = try first.clock()
        #expect(HybridLogicalClock.millis(of: before) == 9_000_000)
        // Reopen with a wall clock an hour behind: new writes still move forward.
        let reopened = try Replica.open(
            at: fixture.path("a"), declaring: TestReplicas.declarations, wallClock: { 9_000_000 - 3_600_000 })
        try reopened.write { try $0.update(.customers, key: ["C1"], values: ["name": "Li".databaseValue]) }
        let after = try reopened.clock()
        #expect(after > before)
        #expect(try reopened.versionVector()[reopened.identity.siteID] == 2)
    }

    @Test func receivingAChangeFromTheFutureAdvancesTheClock() throws {
        let fixture = try ReplicaFixture()
        let ahead = try fixture.replica("ahead", wallClock: { 9_000_000 })
        let behind = try fixture.replica("behind", wallClock: { 9_000_000 - 120_000 })  // within the 5-minute bound
        try ahead.write { try $0.insert(.customers, key: ["C1"], values: customer("Zhang")) }
        try ship(from: ahead, to: behind)
        try behind.write { try $0.update(.customers, key: ["C1"], values: ["name": "Li".databaseValue]) }
        // The later edit wins everywhere although its writer's wall clock is far behind.
        try ship(from: behind, to: ahead)
        #expect(try ahead.value(.customers, ["C1"], "name") == "Li".databaseValue)
        #expect(try behind.clock() > HybridLogicalClock.timestamp(millis: 9_000_000))
    }

    @Test func upsertOfIdenticalValuesCapturesNothing() throws {
        let fixture = try ReplicaFixture()
        let replica = try fixture.replica("a")
        let values = customer("Zhang")
        #expect(try replica.write { try $0.upsert(.customers, key: ["C1"], values: values) } == .inserted)
        let head = try replica.versionVector()
        #expect(try replica.write { try $0.upsert(.customers, key: ["C1"], values: values) } == .unchanged)
        #expect(try replica.versionVector() == head)
        var changed = values
        changed["phone"] = "13999999999".databaseValue
        #expect(
            try replica.write { try $0.upsert(.customers, key: ["C1"], values: changed) }
                == .updated(columns: ["phone"]))
    }

    @Test func duplicateAppendIsIgnoredAndCapturesNothing() throws {
        let fixture = try ReplicaFixture()
        let replica = try fixture.replica("a")
        let row = orderRow("C1", quantity: 2, amount: 20)
        #expect(try replica.write { try $0.append(.orders, id: "O1", values: row) })
        #expect(try !replica.write { try $0.append(.orders, id: "O1", values: row) })
        #expect(try replica.versionVector()[replica.identity.siteID] == 1)
    }

    @Test func keyWithTheSeparatorIsRefused() throws {
        let fixture = try ReplicaFixture()
        let replica = try fixture.replica("a")
        #expect(throws: ReplicaError.self) {
            try replica.write { try $0.insert(.customers, key: ["C\u{1F}1"], values: customer("Zhang")) }
        }
    }
}

@Suite struct CompactionTests {
    @Test func compactionDropsSupersededLogEntriesAndKeepsWhatPeersNeed() throws {
        let fixture = try ReplicaFixture()
        let a = try fixture.replica("a")
        try a.write { try $0.insert(.customers, key: ["C1"], values: customer("Zhang")) }
        for phone in ["1", "2", "3"] {
            try a.write { try $0.update(.customers, key: ["C1"], values: ["phone": phone.databaseValue]) }
        }
        #expect(try a.compact() == 2)
        #expect(try a.count("outpost_log") == 2)
        let b = try fixture.replica("b")
        try ship(from: a, to: b)
        #expect(try b.checksums() == a.checksums())
        #expect(try b.versionVector() == a.versionVector())
    }
}
