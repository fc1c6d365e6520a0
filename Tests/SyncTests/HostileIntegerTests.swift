import CRM
import Foundation
import Replica
import Sync
import SyncProtocol
import Testing

/// Integers a replica cannot store (≥ 2^63) in any field a peer sends: each message is refused with a reason,
/// nothing of it applies, the server survives repeats and keeps serving an honest peer. These messages used
/// to trap `serve` (Int64 conversions in the session, the append-run recorder and the merger).
@Suite(.timeLimit(.minutes(5))) struct HostileIntegerTests {
    static let huge = UInt64(1) << 63

    @Test(arguments: ["hello sentAtMillis", "seq", "covers", "causal length", "hlc", "order seq"])
    func hugeIntegerIsRefusedEveryTimeAndTheNodeKeepsServing(field: String) throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq)
        try harness.node("east")
        try harness.node("evil")
        try harness.nodes["east"]!.replica.write {
            try $0.insert(.customers, key: ["E1"], values: customerValues("east shop"))
        }
        let (_, endpoint) = try harness.serve(
            "hq", peers: [harness.peer("east", endpoint: nil), harness.peer("evil", endpoint: nil)])
        let evil = RawPeer(harness: harness, name: "evil")

        var payloads: [[UInt8]]
        switch field {
        case "hello sentAtMillis":
            payloads = [evil.hello(sentAtMillis: .max)]
        case "seq":
            payloads = [evil.hello(), evil.batch([evil.customer("X1", seq: Self.huge)])]
        case "covers":
            payloads = [evil.hello(), evil.batch([evil.customer("X1", seq: 1)], covers: [evil.site: Self.huge])]
        case "causal length":
            var change = evil.customer("X1", seq: 1)
            change.causalLength = Self.huge + 1
            payloads = [evil.hello(), evil.batch([change])]
        case "hlc":
            payloads = [evil.hello(), evil.batch([evil.customer("X1", seq: 1, hlc: Self.huge)])]
        default:
            let order = Change(
                table: TableSchema.orders.id, key: [.text("O1")], column: Change.appendRowColumn, causalLength: 1,
                hlc: 0, site: evil.site, seq: Self.huge,
                values: [.text("E1"), .text("2026-03-01T10:00:00Z"), .text("S1"), .integer(1), .real(9), .null])
            payloads = [evil.hello(), evil.batch([order])]
        }
        // Refused each time, with the field named to the peer and in the journal.
        for attempt in 1...3 {
            let answers = try evil.send(payloads, to: "hq", endpoint: endpoint)
            let refusal = answers.compactMap { answer -> Refusal? in
                if case .refusal(let refusal) = answer { return refusal }
                return nil
            }.last
            #expect(refusal?.code == .malformed, "attempt \(attempt): \(answers)")
            #expect(refusal?.reason.contains("out of range") == true, "\(refusal?.reason ?? "no refusal")")
            let errors = try hq.replica.journal("error", peer: "evil", atLeast: attempt)
            #expect(errors.count == attempt)
            #expect(errors.last?.contains("out of range") == true, "\(errors)")
        }
        #expect(try hq.replica.versionVector().isEmpty)
        #expect(try hq.replica.rowCount("customers") == 0)
        #expect(try hq.replica.rowCount("orders") == 0)
        #expect(try harness.goodPeerStillSyncs("east", with: "hq", endpoint: endpoint))
    }
}
