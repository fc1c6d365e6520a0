import Analytics
import Foundation
import GRDB
import Replica
import Testing

@testable import CRM

/// A rule is bounded where it is defined and again where a replicated definition is run.
@Suite struct SegmentRuleBoundsTests {
    private static let deep =
        String(repeating: "(", count: 30_000) + "has_orders" + String(repeating: ")", count: 30_000)

    @Test func defineRefusesARuleNestedThirtyThousandDeep() throws {
        let shop = try HandMadeShop()
        let book = SegmentBook(replica: shop.replica)
        #expect {
            try book.define(name: "deep", expression: Self.deep)
        } throws: { error in
            guard case .invalidRule(_, let cause) = error as? SegmentError else { return false }
            return cause.kind == .tooLarge
        }
        #expect {
            try book.define(name: "nested", expression: String(repeating: "not ", count: 100) + "has_orders")
        } throws: { error in
            guard case .invalidRule(_, let cause) = error as? SegmentError else { return false }
            return cause.kind == .tooLarge
        }
        #expect(throws: SegmentError.descriptionTooLong(bytes: 2_000, limit: 1_024)) {
            try book.define(name: "wordy", expression: "has_orders", description: String(repeating: "x", count: 2_000))
        }
        #expect(try book.list().isEmpty)
    }

    @Test func aReceivedDefinitionTooDeepToParseIsSkippedAndTheOthersRun() throws {
        let shop = try HandMadeShop()
        let book = SegmentBook(replica: shop.replica)
        try book.define(name: "buyers", expression: "has_orders")
        // As a peer's change would write it: straight into the replicated table, past `define`'s check.
        try shop.replica.write { writer in
            _ = try writer.upsert(
                .segments, key: ["deep"],
                values: ["expression": Self.deep.databaseValue, "description": "".databaseValue])
        }
        let report = try book.evaluate([], asOf: HandMadeShop.asOf)
        #expect(report.runs.map(\.segment) == ["buyers"])
        #expect(report.runs.first?.members == 3)
        #expect(report.skipped.map(\.name) == ["deep"])
        guard case .invalidRule(_, let cause)? = report.skipped.first?.error else {
            Issue.record("expected the deep rule to be refused")
            return
        }
        #expect(cause.kind == .tooLarge)
        // Naming it alone runs nothing and still does not crash.
        let alone = try book.evaluate(["deep"], asOf: HandMadeShop.asOf)
        #expect(alone.runs.isEmpty && alone.skipped.count == 1)
        #expect(try book.latestRun(of: "deep") == nil)
    }
}
