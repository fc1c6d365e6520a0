import Analytics
import Foundation
import Testing

@testable import CRM

/// Weekly series from orders: weeks end at the as-of day, returns net, grouping by the customer's region and
/// the product's category.
@Suite struct SalesHistoryTests {
    static func shop() throws -> ImportFixture {
        let fixture = try ImportFixture()
        _ = try fixture.run(.customers, try fixture.file("c.csv", "id,name,region\nC1,One,east\nC2,Two,west\n"))
        _ = try fixture.run(
            .products, try fixture.file("p.csv", "sku,name,category\nP1,One,cigarette\nP2,Two,ecig\n"))
        // As of 2026-03-01 the earliest order (2026-02-01) leaves 4 whole weeks: [02-01, 02-08) … [02-22, 03-01).
        let orders = """
            id,customer_id,ordered_at,sku,quantity,amount
            O1,C1,2026-02-01T09:00:00Z,P1,5,50
            O2,C1,2026-02-07T23:59:59Z,P2,2,20
            O3,C2,2026-02-08T00:00:00Z,P1,3,30
            O4,C1,2026-02-20T10:00:00Z,P1,-1,-10
            O5,C2,2026-02-28T10:00:00Z,P2,4,40
            O6,C1,2026-03-01T00:00:00Z,P1,100,1000
            """
        let summary = try fixture.run(.orders, try fixture.file("o.csv", orders))
        #expect(summary.imported == 6)
        return fixture
    }

    @Test func seriesPerGroupingEndAtTheAsOfDay() throws {
        let fixture = try Self.shop()
        let asOf = CalendarDay("2026-03-01")!
        let regions = try SalesHistory.load(from: fixture.replica, asOf: asOf, grouping: .region)
        #expect(regions.weeks == 4)
        #expect(regions.series.map(\.key) == [["east"], ["west"]])
        #expect(regions.series.map(\.weekly.values) == [[7, 0, -1, 0], [0, 3, 0, 4]])
        let categories = try SalesHistory.load(from: fixture.replica, asOf: asOf, grouping: .category)
        #expect(categories.series.map(\.key) == [["cigarette"], ["ecig"]])
        #expect(categories.series.map(\.weekly.values) == [[5, 3, -1, 0], [2, 0, 0, 4]])
        let pairs = try SalesHistory.load(from: fixture.replica, asOf: asOf, grouping: .regionSKU)
        #expect(pairs.series.map(\.key) == [["east", "P1"], ["east", "P2"], ["west", "P1"], ["west", "P2"]])
        #expect(pairs.series[0].weekly.values == [5, 0, -1, 0])
        // A later as-of day sees the order of 03-01 and one more week.
        let later = try SalesHistory.load(from: fixture.replica, asOf: asOf.adding(days: 7), grouping: .sku)
        #expect(later.weeks == 5)
        #expect(later.series.first?.weekly.values == [5, 3, -1, 0, 100])
    }

    @Test func noOrdersNoSeries() throws {
        let fixture = try ImportFixture()
        let history = try SalesHistory.load(from: fixture.replica, asOf: CalendarDay("2026-03-01")!, grouping: .sku)
        #expect(history.weeks == 0 && history.series.isEmpty)
    }
}
