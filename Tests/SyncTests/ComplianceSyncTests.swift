import CRM
import Foundation
import GRDB
import Replica
import Sync
import Testing

/// The compliance record replicates like the other append-only CRM tables: a violation recorded on an office
/// reaches headquarters (and the other way), the same violation recorded on both is held once, and the gate sees it.
@Suite(.timeLimit(.minutes(5))) struct ComplianceSyncTests {
    @Test func violationsRecordedOnEitherNodeReplicateAndMergeOnce() throws {
        let harness = try SyncHarness()
        let hq = try harness.node("hq", role: .hq)
        let east = try harness.node("east")
        for node in [hq, east] {
            try node.replica.write { writer in
                for id in ["C1", "C2"] { try writer.insert(.customers, key: [id], values: customerValues(id)) }
            }
        }
        let eastBook = ComplianceBook(replica: east.replica)
        let hqBook = ComplianceBook(replica: hq.replica)
        #expect(try eastBook.record(customer: "C1", kind: "minor_sale", at: "2026-03-01", note: "inspection").added)
        #expect(try eastBook.record(customer: "C2", kind: "counterfeit", at: "2026-03-02", note: nil).added)
        // Both nodes record the same violation of C2's; it has one key, so it is held once after the merge.
        #expect(try hqBook.record(customer: "C2", kind: "counterfeit", at: "2026-03-02", note: nil).added)
        #expect(try hqBook.record(customer: "C2", kind: "price_violation", at: "2026-04-01", note: "above list").added)

        let (_, endpoint) = try harness.serve("hq", peers: [harness.peer("east", endpoint: nil)])
        let result = try harness.engine("east", peers: [harness.peer("hq", endpoint: endpoint)])
            .syncOnce(timeout: .seconds(20))
        #expect(result.caughtUp == ["hq"])
        let expected = [
            "C1/2026-03-01/minor_sale", "C2/2026-03-02/counterfeit", "C2/2026-04-01/price_violation",
        ]
        for book in [hqBook, eastBook] {
            let list = try book.list()
            #expect(list.map { "\($0.customerID)/\($0.at)/\($0.kind)" } == expected)
            #expect(list.first?.note == "inspection")
        }
        let hqSums = try hq.replica.checksums()
        #expect(hqSums == (try east.replica.checksums()))
        #expect(hqSums.first { $0.table == "compliance_violations" }?.rows == 3)
        let gate = try AnalyticsRun.extract(from: hq.replica, asOf: CalendarDay("2026-05-01")!).compliance
        #expect(gate.suspended.count == 2)
    }
}
