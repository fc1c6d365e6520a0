import Foundation
import GRDB
import Replica
import SyncProtocol
import Testing

@testable import Sync

/// The planner starts each read at the row count that last fitted the byte cap (so a run of large rows is not
/// read twice per batch) and grows back to the full count once rows are small again; every change goes out once.
@Suite struct BatchPlannerFitTests {
    @Test func cutBatchesCarryEveryChangeOnceAndGrowBackForSmallRows() throws {
        let harness = try SyncHarness()
        let east = try harness.node("east")
        let large = String(repeating: "n", count: 4_000)
        try east.replica.write { writer in
            for index in 0..<120 {
                try writer.insert(.customers, key: ["L\(index)"], values: customerValues("\(large) \(index)"))
            }
            for index in 0..<400 {
                try writer.insert(.customers, key: ["S\(index)"], values: customerValues("s\(index)"))
            }
        }
        let maxBytes = 64 << 10
        var planner = BatchPlanner(
            replica: east.replica, book: PeerBook(replica: east.replica), peerName: "hq", maxChanges: 100,
            maxBytes: maxBytes, limits: DecodingLimits())
        var heads = SiteHeads()
        var sent: [String] = []
        var sizes: [(keys: [String], bytes: Int)] = []
        while true {
            let batch = try planner.next(after: heads)
            let raised = batch.covers.contains { heads[$0.key] ?? 0 < $0.value }
            if batch.changes.isEmpty && !raised { break }
            for (site, seq) in batch.covers { heads[site] = max(heads[site] ?? 0, seq) }
            let keys = batch.changes.compactMap { change -> String? in
                if case .text(let key) = change.key.first { return key }
                return nil
            }
            sent += keys
            sizes.append((keys, batch.bytes))
        }
        #expect(sent.count == 520)
        #expect(Set(sent).count == 520)
        #expect(sizes.allSatisfy { $0.bytes <= maxBytes && $0.keys.count <= 100 })
        // Large rows: about 15 fit in 64 KiB, so those batches were cut.
        #expect(sizes.first.map { $0.keys.count < 20 && $0.keys.count > 1 } == true)
        // Small rows: the limit grew back to the full 100 once batches left half the bytes unused.
        #expect(sizes.contains { $0.keys.count == 100 && $0.keys.allSatisfy { $0.hasPrefix("S") } })
    }
}
