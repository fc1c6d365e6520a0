import Analytics
import Foundation
import GRDB
import Replica
import Testing

@testable import CRM

@Suite struct SegmentBookTests {
    @Test func runMaterialisesTheMembersOfEachRuleAsOfTheDay() throws {
        let shop = try HandMadeShop()
        let book = SegmentBook(replica: shop.replica)
        try book.define(name: "vip-spenders", expression: #"monetary_365 >= 5000 and has_tag("vip")"#)
        try book.define(name: "closed", expression: #"status == "closed""#, description: "shut shops")
        try book.define(name: "never-bought", expression: "not has_orders")
        let runs = try book.run([], asOf: HandMadeShop.asOf)
        #expect(runs.map(\.segment) == ["closed", "never-bought", "vip-spenders"])
        #expect(runs.map(\.members) == [1, 1, 1])
        #expect(try book.members(of: runs[0]).map(\.id) == ["B"])
        #expect(try book.members(of: runs[1]).map(\.id) == ["C"])
        let vip = try book.members(of: runs[2])
        #expect(vip.map(\.id) == ["A"] && vip[0].name == "Alpha" && vip[0].region == "east")
        // As of 09-30, A had spent 4,600 in the window: below the rule's 5,000.
        let earlier = try book.run(["vip-spenders"], asOf: CalendarDay("2026-09-30")!)
        #expect(earlier.map(\.members) == [0])
        #expect(try book.latestRun(of: "vip-spenders")?.asOf == "2026-09-30")
        #expect(try book.list().first { $0.definition.name == "closed" }?.definition.description == "shut shops")
    }

    @Test func derivedFieldsComeFromTheSameAnalyses() throws {
        let shop = try HandMadeShop()
        let book = SegmentBook(replica: shop.replica)
        try book.define(name: "no-stars", expression: "stars == 0")
        try book.define(name: "lost-or-dormant", expression: #"lifecycle in ["lost", "dormant"]"#)
        let runs = try book.run([], asOf: HandMadeShop.asOf)
        // Only customers without orders (C) have no star score.
        #expect(try book.members(of: runs.first { $0.segment == "no-stars" }!).map(\.id) == ["C"])
        // D last ordered 659 days ago: lost; nobody else is past their dormant threshold.
        #expect(try book.members(of: runs.first { $0.segment == "lost-or-dormant" }!).map(\.id) == ["D"])
    }

    @Test func invalidRuleIsRefusedWithItsColumnAndNeverSaved() throws {
        let shop = try HandMadeShop()
        let book = SegmentBook(replica: shop.replica)
        #expect {
            try book.define(name: "bad", expression: #"monetary_365 >= and region == "east""#)
        } throws: { error in
            guard case .invalidRule(_, let cause) = error as? SegmentError else { return false }
            return cause.column == 17 && cause.kind == .syntax
        }
        #expect(throws: SegmentError.invalidName("-x")) { try book.define(name: "-x", expression: "has_orders") }
        #expect(try book.list().isEmpty)
        #expect(throws: SegmentError.unknownSegment("nope")) { try book.run(["nope"], asOf: HandMadeShop.asOf) }
    }

    @Test func redefiningKeepsCreationTimeAndReplicatesTheNewRule() throws {
        let shop = try HandMadeShop()
        let book = SegmentBook(replica: shop.replica)
        let first = try book.define(name: "s", expression: "frequency >= 1")
        let second = try book.define(name: "s", expression: "frequency >= 2", description: "twice")
        #expect(second.createdAt == first.createdAt)
        #expect(second.expression == "frequency >= 2")
        let captured = try shop.replica.reader.read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM outpost_cells WHERE tbl = ?", arguments: [TableSchema.segments.id])
        }
        #expect((captured ?? 0) > 0)
    }

    @Test func onlyTheNewestRunsKeepTheirMembers() throws {
        let shop = try HandMadeShop()
        var book = SegmentBook(replica: shop.replica)
        book.keptMemberships = 2
        try book.define(name: "all", expression: "true or has_orders")
        for _ in 0..<4 { _ = try book.run(["all"], asOf: HandMadeShop.asOf) }
        let (runs, memberRuns) = try shop.replica.reader.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outpost_segment_runs") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT run_id) FROM outpost_segment_members") ?? 0
            )
        }
        #expect(runs == 4 && memberRuns == 2)
    }

    @Test func starsRunComparesWithThePreviousRecordedRun() throws {
        let shop = try HandMadeShop()
        let history = TierHistory(replica: shop.replica)
        #expect(try history.latest() == nil)
        let before = try AnalyticsRun.extract(from: shop.replica, asOf: CalendarDay("2026-09-30")!).standings()
        try history.record(before, asOf: CalendarDay("2026-09-30")!)
        let now = try AnalyticsRun.extract(from: shop.replica, asOf: HandMadeShop.asOf).standings()
        let previous = try #require(try history.latest())
        #expect(previous.standings == before)
        let moves = Retiering(previous: previous.standings, current: now)
        // B had no order by 09-30 (unscored); by 10-31 it has one, so it gains stars: it moved up.
        #expect(before["B"]?.stars == nil && now["B"]?.stars != nil)
        #expect(moves.movedUp.map(\.id).contains("B"))
    }
}
