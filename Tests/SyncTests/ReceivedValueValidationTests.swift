import CRM
import Foundation
import Replica
import Sync
import SyncProtocol
import Testing

/// Values from a peer pass the checks import applies (types, words such as channel/status/kind, sizes)
/// before anything merges: one bad value refuses its whole batch with a reason.
@Suite(.timeLimit(.minutes(5))) struct ReceivedValueValidationTests {
    static func badChange(_ kind: String, peer: RawPeer) -> (Change, String) {
        switch kind {
        case "channel":
            return (peer.customer("B1", seq: 2, channel: "smuggled"), "channel 'smuggled' is not one of")
        case "type":
            var change = peer.customer("B1", seq: 2)
            change.values[TableSchema.customers.columnNumber("marketing_consent")!] = .text("yes")
            return (change, "marketing_consent holds text, not a number")
        case "size":
            return (
                peer.customer("B1", seq: 2, name: String(repeating: "n", count: ValueRules.maxTextBytes + 1)),
                "name is \(ValueRules.maxTextBytes + 1) bytes"
            )
        case "interaction kind":
            let change = Change(
                table: TableSchema.interactions.id, key: [.text("I1")], column: Change.appendRowColumn,
                causalLength: 1, hlc: 0, site: peer.site, seq: 2,
                values: [.text("G1"), .text("2026-03-01T10:00:00Z"), .text("bribe"), .null])
            return (change, "kind 'bribe' is not one of")
        case "order amount":
            let change = Change(
                table: TableSchema.orders.id, key: [.text("O1")], column: Change.appendRowColumn, causalLength: 1,
                hlc: 0, site: peer.site, seq: 2,
                values: [.text("G1"), .text("2026-03-01T10:00:00Z"), .text("S1"), .integer(1), .real(.nan), .null])
            return (change, "amount nan is not a finite number")
        default:
            var change = peer.customer("B1", seq: 2)
            change.key = [.text("")]
            return (change, "id is empty")
        }
    }

    @Test(arguments: ["channel", "type", "size", "interaction kind", "order amount", "empty key"])
    func batchWithOneInvalidValueIsRefusedWhole(kind: String) throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq)
        try harness.node("east")
        try harness.node("evil")
        let (_, endpoint) = try harness.serve(
            "hq", peers: [harness.peer("east", endpoint: nil), harness.peer("evil", endpoint: nil)])
        let evil = RawPeer(harness: harness, name: "evil")
        let (bad, reason) = Self.badChange(kind, peer: evil)
        let batch = evil.batch([evil.customer("G1", seq: 1), bad])

        let answers = try evil.send([evil.hello(), batch], to: "hq", endpoint: endpoint)
        let refusal = answers.compactMap { answer -> Refusal? in
            if case .refusal(let refusal) = answer { return refusal }
            return nil
        }.last
        #expect(refusal?.code == .malformed)
        #expect(refusal?.reason.contains(reason) == true, "\(refusal?.reason.prefix(300) ?? "no refusal")")
        let errors = try hq.replica.journal("error", peer: "evil")
        #expect(errors.last?.contains(reason) == true, "\(errors.map { $0.prefix(300) })")
        #expect(try hq.replica.rowCount("customers") == 0)
        #expect(try hq.replica.versionVector().isEmpty)
        #expect(try harness.goodPeerStillSyncs("east", with: "hq", endpoint: endpoint))
    }

    @Test func valuesImportWritesAreAcceptedOnReceipt() throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq)
        let east = try harness.node("east")
        try east.replica.write { writer in
            var values = customerValues("east shop")
            values["channel"] = "flagship".databaseValue
            values["marketing_consent"] = 1.databaseValue
            values["opened_on"] = "2024-02-29".databaseValue
            values["created_at"] = writer.nowISO().databaseValue
            try writer.insert(.customers, key: ["E1"], values: values)
            try writer.insert(.products, key: ["S1"], values: ["unit_price": 12.databaseValue])
            _ = try writer.append(.orders, id: "O1", values: orderValues("E1"))
        }
        let (_, endpoint) = try harness.serve("hq", peers: [harness.peer("east", endpoint: nil)])
        #expect(try harness.goodPeerStillSyncs("east", with: "hq", endpoint: endpoint))
        #expect(try hq.replica.rowCount("orders") == 1)
    }
}
