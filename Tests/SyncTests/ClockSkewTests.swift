import CRM
import Foundation
import Replica
import Sync
import SyncProtocol
import Synchronization
import TestSupport
import Testing

/// A peer's clock may not drag this node's clock into the future: a Hello or a change stamped more than the
/// allowed skew (5 minutes by default) ahead of our wall clock is refused, journalled, and never observed.
@Suite(.timeLimit(.minutes(5))) struct ClockSkewTests {
    static let tenYears: UInt64 = 3_653 * 86_400_000

    static func refusal(in answers: [MessageV1]) -> Refusal? {
        answers.compactMap { answer -> Refusal? in
            if case .refusal(let refusal) = answer { return refusal }
            return nil
        }.last
    }

    @Test func helloFromAClockTenYearsAheadIsRefusedAndTheFixedPeerIsAdmitted() throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq)
        try harness.node("east")
        try harness.node("skewed")
        let (_, endpoint) = try harness.serve(
            "hq", peers: [harness.peer("east", endpoint: nil), harness.peer("skewed", endpoint: nil)])
        let skewed = RawPeer(harness: harness, name: "skewed")

        let answers = try skewed.send(
            [skewed.hello(sentAtMillis: Replica.defaultWallClock() + Self.tenYears)], to: "hq", endpoint: endpoint)
        #expect(Self.refusal(in: answers)?.code == .clockAhead)
        let helloErrors = try hq.replica.journal("error", peer: "skewed")
        #expect(helloErrors.last?.contains("clock 10 years ahead") == true, "\(helloErrors)")

        // Its clock fixed, the same peer is admitted and its (sanely stamped) change applies.
        let fixed = try skewed.send(
            [skewed.hello(), skewed.batch([skewed.customer("S1", seq: 1)])], to: "hq", endpoint: endpoint)
        #expect(fixed.contains { if case .ack = $0 { true } else { false } }, "\(fixed)")
        #expect(try hq.replica.rowCount("customers") == 1)
        #expect(try harness.goodPeerStillSyncs("east", with: "hq", endpoint: endpoint))
    }

    @Test func batchWithOneChangeFromTheFutureIsRefusedWholeAndTheClockStays() throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq)
        try harness.node("skewed")
        let (_, endpoint) = try harness.serve("hq", peers: [harness.peer("skewed", endpoint: nil)])
        let skewed = RawPeer(harness: harness, name: "skewed")
        let clockBefore = try hq.replica.clock()

        let future = HybridLogicalClock.timestamp(millis: Replica.defaultWallClock() + Self.tenYears)
        let batch = skewed.batch([
            skewed.customer("S1", seq: 1), skewed.customer("S2", seq: 2, hlc: future),
        ])
        let answers = try skewed.send([skewed.hello(), batch], to: "hq", endpoint: endpoint)
        let refusal = Self.refusal(in: answers)
        #expect(refusal?.code == .clockAhead)
        #expect(refusal?.reason.contains("customers/S2") == true, "\(refusal?.reason ?? "")")
        let batchErrors = try hq.replica.journal("error", peer: "skewed")
        #expect(batchErrors.last?.contains("10 years ahead") == true, "\(batchErrors)")
        #expect(try hq.replica.rowCount("customers") == 0)
        #expect(try hq.replica.versionVector().isEmpty)
        #expect(try hq.replica.clock() == clockBefore)

        // The retry without the future change (the writer's clock fixed) goes through.
        let retry = try skewed.send(
            [skewed.hello(), skewed.batch([skewed.customer("S1", seq: 1)])], to: "hq", endpoint: endpoint)
        #expect(retry.contains { if case .ack = $0 { true } else { false } }, "\(retry)")
        #expect(try hq.replica.rowCount("customers") == 1)
    }

    /// Two real engines: a node whose clock runs 10 minutes fast cannot push its writes (or its clock) into
    /// hq; once hq's clock is within 5 minutes of those stamps they are accepted.
    @Test func engineRefusesAFastNodeUntilItsStampsAreWithinTheBound() throws {
        let hqOffset = Atomic<UInt64>(0)
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq) { Replica.defaultWallClock() + hqOffset.load(ordering: .relaxed) }
        let fast = try harness.node("fast") { Replica.defaultWallClock() + 10 * 60_000 }
        try fast.replica.write { try $0.insert(.customers, key: ["F1"], values: customerValues("fast shop")) }
        let (_, endpoint) = try harness.serve("hq", peers: [harness.peer("fast", endpoint: nil)])

        let refused = try harness.engine("fast", peers: [harness.peer("hq", endpoint: endpoint)]).syncOnce(
            timeout: .seconds(3))
        #expect(refused.caughtUp.isEmpty)
        #expect(refused.unreachable["hq"]?.contains("ahead of") == true, "\(refused.unreachable)")
        #expect(try hq.replica.rowCount("customers") == 0)
        #expect(HybridLogicalClock.millis(of: try hq.replica.clock()) < Replica.defaultWallClock() + 60_000)

        hqOffset.store(6 * 60_000, ordering: .relaxed)
        let accepted = try harness.engine("fast", peers: [harness.peer("hq", endpoint: endpoint)]).syncOnce(
            timeout: .seconds(10))
        #expect(accepted.caughtUp == ["hq"])
        #expect(try hq.replica.rowCount("customers") == 1)
    }
}

/// The admission check on its own, without sockets.
@Suite struct ChangeAdmissionTests {
    let site = SiteID.random()
    let now: UInt64 = 1_750_000_000_000
    let tables: TableCatalogue

    init() throws { tables = try TableCatalogue(TestReplicas.declarations) }

    func change(hlcMillis: UInt64) -> ReplicaChange {
        ReplicaChange(
            table: TableSchema.segments.id, key: ["vip"], column: 0, causalLength: 1,
            version: RowVersion(hlc: HybridLogicalClock.timestamp(millis: hlcMillis) | 0xFFFF, site: site, seq: 1),
            values: ["x".databaseValue])
    }

    @Test func boundIsInclusiveOfFiveMinutesAndConfigurable() throws {
        let admission = ChangeAdmission()
        try admission.check([change(hlcMillis: now + 300_000)], covers: [:], wallMillis: now, tables: tables)
        #expect(throws: ChangeRejection.self) {
            try admission.check([change(hlcMillis: now + 300_001)], covers: [:], wallMillis: now, tables: tables)
        }
        let strict = ChangeAdmission(maxClockAheadMillis: 1_000)
        #expect(throws: ChangeRejection.self) {
            try strict.check([change(hlcMillis: now + 2_000)], covers: [:], wallMillis: now, tables: tables)
        }
        #expect(admission.excess(ofPeerClock: now + 300_000, wallMillis: now) == nil)
        #expect(admission.excess(ofPeerClock: now + 400_000, wallMillis: now) == 400_000)
    }
}
