import Foundation
import GRDB
import Replica
import Testing

@testable import CRM

/// Import and replication share one set of column rules (`ValueRules`): everything the committed fixtures
/// import is accepted by a peer's receive checks, and what import rejects a peer rejects too.
@Suite struct SharedValueRulesTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures")

    @Test func importedFixturesPassAPeersReceiveChecks() throws {
        let source = try ImportFixture()
        for (kind, file) in [
            (ImportKind.products, "products"), (.customers, "customers"), (.orders, "orders"),
            (.interactions, "interactions"),
        ] {
            _ = try CSVImporter(kind: kind).run(
                file: Self.fixtures.appendingPathComponent("small/\(file).csv").path, into: source.replica)
        }
        let target = try ImportFixture()
        while true {
            let batch = try source.replica.outgoingBatch(after: try target.replica.versionVector(), limit: 10_000)
            if batch.changes.isEmpty { break }
            try target.replica.apply(batch.changes, covers: batch.covers)
        }
        #expect(try target.replica.checksums() == source.replica.checksums())
        #expect(try target.count("SELECT count(*) FROM orders") == 50_009)
    }

    @Test func importAndReceiptUseTheSameWords() {
        #expect(ImportKind.channels == CRMVocabulary.channels)
        #expect(ImportKind.interactionKinds == CRMVocabulary.interactionKinds)
        let customers = TableSchema.customers
        #expect(ValueRules.problem(with: "chain".databaseValue, column: "channel", in: customers) == nil)
        #expect(ValueRules.problem(with: "supermarket".databaseValue, column: "channel", in: customers) != nil)
        #expect(ValueRules.problem(with: "2024-02-30".databaseValue, column: "opened_on", in: customers) != nil)
        #expect(ValueRules.problem(with: 2.databaseValue, column: "marketing_consent", in: customers) != nil)
    }

    /// A rule `segment define` accepts is accepted on receipt; one byte past the parser's limit is refused by
    /// both, so an overlong rule defined elsewhere never reaches this node's parser.
    @Test func segmentRulesAreBoundedOnReceiptAsAtDefine() {
        let segments = TableSchema.segments
        let longest = "recency > 30" + String(repeating: " ", count: CRMVocabulary.maxRuleBytes - 12)
        #expect(longest.utf8.count == CRMVocabulary.maxRuleBytes)
        #expect(throws: Never.self) { try SegmentBook.rule(longest) }
        #expect(ValueRules.problem(with: longest.databaseValue, column: "expression", in: segments) == nil)
        let tooLong = longest + " "
        #expect(throws: (any Error).self) { try SegmentBook.rule(tooLong) }
        #expect(ValueRules.problem(with: tooLong.databaseValue, column: "expression", in: segments) != nil)
        let description = String(repeating: "d", count: SegmentBook.maxDescriptionLength + 1)
        #expect(ValueRules.problem(with: description.databaseValue, column: "description", in: segments) != nil)
    }
}
