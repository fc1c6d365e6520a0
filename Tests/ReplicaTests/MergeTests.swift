import Analytics
import CRM
import Foundation
import GRDB
import SyncProtocol
import Testing

@testable import Replica

@Suite struct MergeTests {
    /// Two replicas that start from a shared customer.
    private func pair(_ fixture: ReplicaFixture) throws -> (Replica, Replica) {
        let a = try fixture.replica("a")
        let b = try fixture.replica("b")
        try a.write { try $0.insert(.customers, key: ["C1"], values: customer("Zhang")) }
        try ship(from: a, to: b)
        return (a, b)
    }

    private func converge(_ a: Replica, _ b: Replica) throws {
        try ship(from: a, to: b)
        try ship(from: b, to: a)
        #expect(try a.checksums() == b.checksums())
    }

    @Test func concurrentEditsOfDifferentFieldsBothSurvive() throws {
        let fixture = try ReplicaFixture()
        let (a, b) = try pair(fixture)
        try a.write { try $0.update(.customers, key: ["C1"], values: ["phone": "111".databaseValue]) }
        try b.write { try $0.update(.customers, key: ["C1"], values: ["name": "Zhang Wei".databaseValue]) }
        try converge(a, b)
        #expect(try a.value(.customers, ["C1"], "phone") == "111".databaseValue)
        #expect(try a.value(.customers, ["C1"], "name") == "Zhang Wei".databaseValue)
    }

    @Test func sameFieldGoesToTheHigherClockOnEveryNode() throws {
        let fixture = try ReplicaFixture()
        let a = try fixture.replica("a", wallClock: { 5_000 })
        let b = try fixture.replica("b", wallClock: { 9_000 })
        try a.write { try $0.insert(.customers, key: ["C1"], values: customer("Zhang")) }
        try ship(from: a, to: b)
        try a.write { try $0.update(.customers, key: ["C1"], values: ["phone": "from-a".databaseValue]) }
        try b.write { try $0.update(.customers, key: ["C1"], values: ["phone": "from-b".databaseValue]) }
        try converge(a, b)
        #expect(try a.value(.customers, ["C1"], "phone") == "from-b".databaseValue)
        #expect(try b.value(.customers, ["C1"], "phone") == "from-b".databaseValue)
    }

    @Test func equalClocksBreakTheTieBySiteID() throws {
        let fixture = try ReplicaFixture()
        let a = try fixture.replica("a", wallClock: { 5_000 })
        let b = try fixture.replica("b", wallClock: { 5_000 })
        try a.write { try $0.insert(.products, key: ["S1"], values: ["name": "Zhonghua".databaseValue]) }
        try b.write { try $0.insert(.products, key: ["S1"], values: ["name": "Yuxi".databaseValue]) }
        try converge(a, b)
        let winner = a.identity.siteID.uuidString < b.identity.siteID.uuidString ? "Yuxi" : "Zhonghua"
        #expect(try a.value(.products, ["S1"], "name") == winner.databaseValue)
    }

    @Test func deleteBeatsAConcurrentUpdateEvenWithALaterClock() throws {
        let fixture = try ReplicaFixture()
        let a = try fixture.replica("a", wallClock: { 5_000 })
        let b = try fixture.replica("b", wallClock: { 90_000 })
        try a.write { try $0.insert(.customers, key: ["C1"], values: customer("Zhang")) }
        try ship(from: a, to: b)
        try a.write { try $0.delete(.customers, key: ["C1"]) }
        try b.write { try $0.update(.customers, key: ["C1"], values: ["phone": "later".databaseValue]) }
        try converge(a, b)
        #expect(try a.count("customers") == 0)
        #expect(try b.count("customers") == 0)
    }

    @Test func recreatedRowStartsAfreshAndIgnoresTheOldGeneration() throws {
        let fixture = try ReplicaFixture()
        // c's wall clock is far ahead: by clock alone its stale edit would beat everything a writes.
        let a = try fixture.replica("a", wallClock: { 5_000 })
        let b = try fixture.replica("b", wallClock: { 5_000 })
        let c = try fixture.replica("c", wallClock: { 90_000 })
        try a.write { try $0.insert(.customers, key: ["C1"], values: customer("Zhang")) }
        try ship(from: a, to: b)
        try ship(from: b, to: c)
        // c edits generation 1 while a deletes it and re-creates the row (generation 3).
        try c.write { try $0.update(.customers, key: ["C1"], values: ["phone": "stale".databaseValue]) }
        try a.write { try $0.delete(.customers, key: ["C1"]) }
        try ship(from: a, to: b)
        try a.write { try $0.insert(.customers, key: ["C1"], values: customer("Reopened", phone: "222")) }
        try ship(from: a, to: b)
        #expect(try b.value(.customers, ["C1"], "_cl") == 3.databaseValue)

        // The stale update arrives at b after the re-create: it belongs to a generation that ended, so it is
        // dropped even though its clock is the highest.
        let stale = try c.outgoingBatch(after: try b.versionVector(), limit: 100).changes
        #expect(stale.count == 1)
        let clockOfRecreate = try a.clock()
        #expect((stale.first?.version.hlc ?? 0) > clockOfRecreate)
        #expect(stale.first?.causalLength == 1)
        try ship(from: c, to: b)
        #expect(try b.value(.customers, ["C1"], "name") == "Reopened".databaseValue)
        #expect(try b.value(.customers, ["C1"], "phone") == "222".databaseValue)
        #expect(try b.value(.customers, ["C1"], "_cl") == 3.databaseValue)

        // c itself, once it hears of the delete and re-create, drops its own stale edit the same way.
        try converge(a, b)
        try converge(b, c)
        try converge(a, c)
        for replica in [a, b, c] {
            #expect(try replica.value(.customers, ["C1"], "phone") == "222".databaseValue, "\(replica.identity.name)")
            #expect(try replica.value(.customers, ["C1"], "_cl") == 3.databaseValue)
        }
    }

    @Test func redeliveryAndReorderingChangeNothing() throws {
        let fixture = try ReplicaFixture()
        let a = try fixture.replica("a")
        try a.write { writer in
            for index in 0..<20 {
                try writer.insert(.customers, key: ["C\(index)"], values: customer("N\(index)"))
                try writer.append(
                    .orders, id: "O\(index)", values: orderRow("C\(index)"))
            }
            try writer.update(.customers, key: ["C3"], values: ["name": "renamed".databaseValue])
            try writer.delete(.customers, key: ["C4"])
        }
        let everything = try a.outgoingBatch(after: [:], limit: 1000)
        let inOrder = try fixture.replica("in-order")
        try inOrder.apply(everything.changes, covers: everything.covers)
        let shuffled = try fixture.replica("shuffled")
        var generator = SeededGenerator(seed: 7)
        try shuffled.apply(everything.changes.shuffled(using: &generator))
        try shuffled.apply(everything.changes)
        try shuffled.apply(everything.changes.reversed(), covers: everything.covers)
        #expect(try inOrder.checksums() == a.checksums())
        #expect(try shuffled.checksums() == a.checksums())
        #expect(try shuffled.versionVector() == a.versionVector())
    }

    @Test func cellArrivingBeforeItsCreateStillConverges() throws {
        let fixture = try ReplicaFixture()
        let (a, _) = try pair(fixture)
        try a.write { try $0.update(.customers, key: ["C1"], values: ["phone": "333".databaseValue]) }
        let all = try a.outgoingBatch(after: [:], limit: 100).changes
        let late = try fixture.replica("late")
        try late.apply(all.reversed())
        #expect(try late.checksums() == a.checksums())
    }

    @Test func tagsAreASetThatReplicates() throws {
        let fixture = try ReplicaFixture()
        let (a, b) = try pair(fixture)
        try a.write { try $0.insert(.customerTags, key: ["C1", "vip"], values: [:]) }
        try b.write { try $0.insert(.customerTags, key: ["C1", "north"], values: [:]) }
        try converge(a, b)
        #expect(try a.count("customer_tags") == 2)
        try b.write { try $0.delete(.customerTags, key: ["C1", "vip"]) }
        try converge(a, b)
        #expect(try a.count("customer_tags") == 1)
    }

    @Test func concurrentEditOfOneCellIsReportedWithBothValues() throws {
        let fixture = try ReplicaFixture()
        let a = try fixture.replica("a", wallClock: { 5_000 })
        let b = try fixture.replica("b", wallClock: { 9_000 })
        try a.write { try $0.insert(.customers, key: ["C1"], values: customer("Zhang")) }
        try ship(from: a, to: b)
        try a.write { try $0.update(.customers, key: ["C1"], values: ["phone": "from-a".databaseValue]) }
        try b.write { try $0.update(.customers, key: ["C1"], values: ["phone": "from-b".databaseValue]) }
        // Both sides read what the other lacks at the start of the session, as a two-way sync does.
        let headsA = try a.versionVector()
        let headsB = try b.versionVector()
        let toA = try b.outgoingBatch(after: headsA, limit: 100)
        let toB = try a.outgoingBatch(after: headsB, limit: 100)
        let outcomeA = try a.apply(toA.changes, covers: toA.covers, senderHeads: headsB)
        let outcomeB = try b.apply(toB.changes, covers: toB.covers, senderHeads: headsA)
        for outcome in [outcomeA, outcomeB] {
            #expect(outcome.conflicts.count == 1)
            #expect(outcome.conflicts.first?.winner.value == "from-b".databaseValue)
            #expect(outcome.conflicts.first?.loser.value == "from-a".databaseValue)
            #expect(outcome.conflicts.first?.column == "phone")
        }
        #expect(try a.checksums() == b.checksums())
    }

    @Test func sequentialEditIsNotAConflict() throws {
        let fixture = try ReplicaFixture()
        let (a, b) = try pair(fixture)
        try a.write { try $0.update(.customers, key: ["C1"], values: ["phone": "first".databaseValue]) }
        try ship(from: a, to: b)
        try b.write { try $0.update(.customers, key: ["C1"], values: ["phone": "second".databaseValue]) }
        let toA = try b.outgoingBatch(after: try a.versionVector(), limit: 100)
        let outcome = try a.apply(toA.changes, covers: toA.covers, senderHeads: try b.versionVector())
        #expect(outcome.conflicts.isEmpty)
        #expect(try a.value(.customers, ["C1"], "phone") == "second".databaseValue)
    }

    @Test func malformedChangeRollsBackTheWholeBatch() throws {
        let fixture = try ReplicaFixture()
        let a = try fixture.replica("a")
        try a.write { try $0.insert(.customers, key: ["C1"], values: customer("Zhang")) }
        var changes = try a.outgoingBatch(after: [:], limit: 10).changes
        changes.append(
            ReplicaChange(
                table: 99, key: ["x"], column: 0, causalLength: 1,
                version: RowVersion(hlc: 1, site: SiteID.random(), seq: 1), values: [.null]))
        let b = try fixture.replica("b")
        #expect(throws: ReplicaError.self) { try b.apply(changes) }
        #expect(try b.count("customers") == 0)
        #expect(try b.versionVector().isEmpty)
    }
}

@Suite struct CellClockTests {
    @Test func editsOfOneTwoAndManyFieldsKeepEveryClockAndConverge() throws {
        let fixture = try ReplicaFixture()
        let a = try fixture.replica("a")
        let b = try fixture.replica("b")
        try a.write { try $0.insert(.customers, key: ["C1"], values: customer("Zhang")) }
        try ship(from: a, to: b)
        try a.write { try $0.update(.customers, key: ["C1"], values: ["phone": "1".databaseValue]) }
        try a.write {
            try $0.update(
                .customers, key: ["C1"], values: ["owner": "Li".databaseValue, "district": "x".databaseValue])
        }
        var many: [String: DatabaseValue] = [:]
        for column in ["name", "owner", "address", "business_type"] {
            many[column] = "v-\(column)".databaseValue
        }
        // Values import (and so a receiving peer) accepts for the columns with a fixed set of words.
        many["channel"] = "online".databaseValue
        many["status"] = "closed".databaseValue
        try a.write { try $0.update(.customers, key: ["C1"], values: many) }
        // Concurrent edits on b: the same field as a (LWW decides, the same on both) and one a never touched.
        try b.write {
            try $0.update(
                .customers, key: ["C1"], values: ["phone": "old".databaseValue, "licence_no": "L".databaseValue])
        }
        try ship(from: b, to: a)
        try ship(from: a, to: b)
        #expect(try a.checksums() == b.checksums())
        #expect(try a.value(.customers, ["C1"], "owner") == "v-owner".databaseValue)
        #expect(try a.value(.customers, ["C1"], "district") == "x".databaseValue)
        #expect(try a.value(.customers, ["C1"], "licence_no") == "L".databaseValue)
        #expect(try a.versionVector() == b.versionVector())
    }
}
