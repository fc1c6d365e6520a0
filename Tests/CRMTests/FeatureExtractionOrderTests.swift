import Analytics
import Foundation
import GRDB
import TestSupport
import Testing

@testable import CRM
@testable import Replica

/// A seeded shop of 30 customers and about a thousand order lines over two years: returns, visits of several
/// lines in one second on different channels, orders without a channel, orders after the as-of day.
struct RandomShop {
    static let asOf = CalendarDay("2026-10-31")!
    let orderLines: [String]

    init(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        var lines: [(time: Int, line: String)] = []
        let channels = ["traditional", "chain", "flagship", "online", ""]
        let skus = ["P1", "P2", "V1", "V2"]
        var number = 0
        let start = Self.asOf.adding(days: -730).daysSinceEpoch * 86_400
        for customer in 0..<30 {
            for _ in 0..<random.below(25) {
                // A few days past the as-of day, which must not count.
                let time = start + random.below(740 * 86_400)
                for _ in 0...random.below(3) {
                    number += 1
                    let isReturn = random.below(10) == 0
                    let amount = (isReturn ? -1 : 1) * (50 + random.below(5_000))
                    let stamp = Timestamps.iso(millis: Int64(time) * 1000, fractional: false)
                    let line = [
                        String(format: "O%05d", number), "C\(customer)", stamp, skus[random.below(4)],
                        isReturn ? "-1" : "1", "\(amount)", channels[random.below(5)],
                    ]
                    lines.append((time, line.joined(separator: ",")))
                }
            }
        }
        // Time order; ids ascend within a second because they were numbered in that order.
        orderLines = lines.sorted { $0.time < $1.time }.map(\.line)
    }

    /// A replica holding the shop's orders inserted in the given order.
    func replica(ordersInOrder lines: [String]) throws -> ImportFixture {
        let fixture = try ImportFixture()
        let products = """
            sku,name,brand,price_tier,category,unit_price
            P1,Gold,B,premium,cigarette,100
            P2,Silver,B,premium,cigarette,80
            V1,Plain,B,value,cigarette,10
            V2,Basic,B,mid,cigarette,20

            """
        let customers = "id,name,region,channel\n" + (0..<30).map { "C\($0),Shop \($0),east,chain\n" }.joined()
        let orders = "id,customer_id,ordered_at,sku,quantity,amount,channel\n" + lines.joined(separator: "\n") + "\n"
        for (kind, name, text) in [
            (ImportKind.products, "p.csv", products), (.customers, "c.csv", customers), (.orders, "o.csv", orders),
        ] {
            var importer = CSVImporter(kind: kind)
            importer.batchSize = 1_000
            let summary = try importer.run(file: try fixture.file(name, text), into: fixture.replica)
            #expect(summary.rejected == 0)
        }
        return fixture
    }
}

/// Counts and days must match exactly; money sums may differ in the last bits when summed in another order.
func expectSameFeatures(_ a: CustomerFeatures, _ b: CustomerFeatures, sourceLocation: SourceLocation = #_sourceLocation)
{
    #expect(a.ids == b.ids, sourceLocation: sourceLocation)
    #expect(a.hasOrders == b.hasOrders, sourceLocation: sourceLocation)
    let exact: [(String, KeyPath<CustomerFeatures, [Double]>)] = [
        ("recencyDays", \.recencyDays), ("frequency", \.frequency), ("tenureDays", \.tenureDays),
        ("channelsUsed90", \.channelsUsed90), ("channelSwitches90", \.channelSwitches90),
        ("complaints90", \.complaints90), ("orderDays90", \.orderDays90), ("orderDaysPrev90", \.orderDaysPrev90),
        ("meanGapDays", \.meanGapDays), ("longestGapBeforeLastDays", \.longestGapBeforeLastDays),
        ("repeatCount", \.repeatCount), ("recencyT", \.recencyT), ("ageT", \.ageT), ("returnGapDays", \.returnGapDays),
    ]
    for (name, column) in exact {
        #expect(a[keyPath: column] == b[keyPath: column], "\(name)", sourceLocation: sourceLocation)
    }
    let sums: [(String, KeyPath<CustomerFeatures, [Double]>)] = [
        ("monetary", \.monetary), ("averageBasket", \.averageBasket), ("premiumShare", \.premiumShare),
        ("spend90", \.spend90), ("spendPrev90", \.spendPrev90), ("spend365", \.spend365),
        ("meanRepeatSpend", \.meanRepeatSpend),
    ]
    for (name, column) in sums {
        let close = zip(a[keyPath: column], b[keyPath: column]).allSatisfy { x, y in
            abs(x - y) <= 1e-9 * max(1, abs(x))
        }
        #expect(close, "\(name)", sourceLocation: sourceLocation)
    }
}

@Suite struct FeatureExtractionOrderTests {
    @Test func ordersInsertedOutOfTimeOrderGiveTheSameFeatures() throws {
        let shop = RandomShop(seed: 7)
        var shuffled = shop.orderLines
        var random = SeededGenerator(seed: 99)
        random.shuffle(&shuffled)
        let ordered = try shop.replica(ordersInOrder: shop.orderLines)
        let unordered = try shop.replica(ordersInOrder: shuffled)
        let extractor = FeatureExtractor(asOf: RandomShop.asOf)
        let expected = try extractor.extract(from: ordered.replica)
        #expect(expected.hasOrders.filter { $0 }.count > 20)
        #expect(expected.channelSwitches90.reduce(0, +) > 10)
        // Both recount strategies: one query per customer, and one sorting pass over the table.
        for share in [0.0, 1.0] {
            var recounting = extractor
            recounting.recountWholeTableShare = share
            expectSameFeatures(try recounting.extract(from: unordered.replica), expected)
        }
    }

    @Test func inOrderRowsNeedNoRecountAndShuffledOnesDo() throws {
        let shop = RandomShop(seed: 11)
        var shuffled = shop.orderLines
        var random = SeededGenerator(seed: 5)
        random.shuffle(&shuffled)
        let extractor = FeatureExtractor(asOf: RandomShop.asOf)
        func recounted(_ fixture: ImportFixture) throws -> Int {
            try fixture.replica.reader.read { db in
                var positions = FeatureExtractor.TextIndex()
                for i in 0..<30 { positions.insert("C\(i)") }
                return try extractor.scanOrders(db, positions).folds.filter(\.needsRecount).count
            }
        }
        #expect(try recounted(try shop.replica(ordersInOrder: shop.orderLines)) == 0)
        #expect(try recounted(try shop.replica(ordersInOrder: shuffled)) > 10)
    }

    @Test func streamedScanMatchesTheSortingSQL() throws {
        let shop = try RandomShop(seed: 3).replica(ordersInOrder: RandomShop(seed: 3).orderLines)
        for windowDays in [365, 30, 1000] {
            let streamed = FeatureExtractor(asOf: RandomShop.asOf, windowDays: windowDays)
            var sorted = streamed
            sorted.scansOrders = false
            for share in [0.0, 1.0] {
                sorted.recountWholeTableShare = share
                expectSameFeatures(try streamed.extract(from: shop.replica), try sorted.extract(from: shop.replica))
            }
        }
    }

    @Test func purchasesInTheSameSecondFollowTheirOrderIds() throws {
        let fixture = try ImportFixture()
        _ = try fixture.run(.products, try fixture.file("p.csv", "sku,name,price_tier\nV1,Plain,value\n"))
        _ = try fixture.run(.customers, try fixture.file("c.csv", "id,name,region\nT,Tee,east\n"))
        // Stored O2 before O1, same second: consecutive means O1 (chain), O2 (online), then O3 (chain).
        let orders = """
            id,customer_id,ordered_at,sku,quantity,amount,channel
            O2,T,2026-10-01T10:00:00Z,V1,1,10,online
            O1,T,2026-10-01T10:00:00Z,V1,1,10,chain
            O3,T,2026-10-02T09:00:00Z,V1,1,10,chain

            """
        _ = try fixture.run(.orders, try fixture.file("o.csv", orders))
        let f = try FeatureExtractor(asOf: RandomShop.asOf).extract(from: fixture.replica)
        #expect(f.channelSwitches90[0] == 2 && f.channelsUsed90[0] == 2)
        #expect(f.frequency[0] == 2 && f.monetary[0] == 30)
    }

    @Test func rowsTheImporterWouldNotWriteAreCountedAsTheSQLCountsThem() throws {
        let shop = RandomShop(seed: 5)
        let fixture = try shop.replica(ordersInOrder: shop.orderLines)
        // Written past the importer: a timestamp with a space, one with milliseconds, a missing amount, a
        // customer that does not exist, a text amount (SQL counts it a purchase of 0); the scan hands such
        // customers to the sorting SQL.
        try fixture.replica.pool.write { db in
            let rows: [DatabaseValueConvertible?] = [
                "X1", "C1", "2026-10-20 10:00:00", "P1", 1, 500, "online",
                "X2", "C2", "2026-10-21T10:00:00.250Z", "V1", 1, 300, "chain",
                "X3", "C2", "2026-10-21T10:00:00Z", "V1", 1, nil, "online",
                "X4", "nobody", "2026-10-22T10:00:00Z", "V1", 1, 900, "chain",
                "X5", "C3", "2026-10-23T10:00:00Z", "V1", 1, "lots", "chain",
            ]
            for row in stride(from: 0, to: rows.count, by: 7) {
                try db.execute(
                    sql: """
                        INSERT INTO orders (id, customer_id, ordered_at, sku, quantity, amount, channel, _site, _seq)
                        VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)
                        """,
                    arguments: StatementArguments(rows[row..<(row + 7)]))
            }
        }
        let streamed = FeatureExtractor(asOf: RandomShop.asOf)
        var sorted = streamed
        sorted.scansOrders = false
        let f = try streamed.extract(from: fixture.replica)
        expectSameFeatures(f, try sorted.extract(from: fixture.replica))
        #expect(f.recencyDays[f.ids.firstIndex(of: "C1")!] == 11)
        #expect(f.recencyDays[f.ids.firstIndex(of: "C3")!] == 8)
    }
}

@Suite struct FeatureScanPartsTests {
    @Test func textIndexNumbersKeysByTheirBytes() {
        var index = FeatureExtractor.TextIndex(capacity: 2)
        let keys = [
            "310115323040", "a", "", "ab", "ab\0", "customer-with-a-long-id-0001", "customer-with-a-long-id-0002",
            "e\u{301}", "\u{e9}",
        ]
        for (n, key) in keys.enumerated() { #expect(index.insert(key) == n) }
        for n in 0..<1_000 { index.insert("k\(n)") }
        for (n, key) in keys.enumerated() { #expect(index.find(key) == n) }
        #expect(index.find("k999") == keys.count + 999)
        #expect(index.find("customer-with-a-long-id-0003") == nil)
        #expect(index.find("ab\0\0") == nil)
        #expect(index.count == keys.count + 1_000)
    }

    @Test func shortKeysSortAsTheirBytes() {
        let texts = ["", "a", "a\0", "ab", "b", "O00012", "O00012a", "O0001", "zzzzzzzzzzzzzzzz", "\u{e9}", "e\u{301}"]
        for a in texts {
            for b in texts {
                let key = { (text: String) in
                    var text = text
                    return text.withUTF8 { FeatureExtractor.TextIndex.ShortKey(UnsafeRawBufferPointer($0))! }
                }
                #expect(key(a).precedes(key(b)) == Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)))
            }
        }
    }

    @Test func timestampsOnlyInTheStoredFormAreRead() {
        var reader = TimestampReader()
        func seconds(_ text: String) -> Int? {
            var text = text
            return text.withUTF8 { reader.seconds(UnsafeRawBufferPointer($0)) }
        }
        let day = CalendarDay("2026-10-31")!.daysSinceEpoch * 86_400
        #expect(seconds("2026-10-31T23:59:59Z") == day + 86_399)
        #expect(seconds("2026-10-31T00:00:01Z") == day + 1)  // the same date again, from the remembered day
        #expect(seconds("2024-02-29T12:00:00Z") == CalendarDay("2024-02-29")!.daysSinceEpoch * 86_400 + 43_200)
        #expect(seconds("1969-12-31T23:59:59Z") == -1)
        for odd in [
            "2026-02-29T00:00:00Z", "2026-10-31 23:59:59Z", "2026-10-31T23:59:59.5Z", "2026-10-31T24:00:00Z",
            "2026-10-31", "2026-1O-31T00:00:00Z", "2026-10-31T00:00:00+00:00",
        ] {
            #expect(seconds(odd) == nil, "\(odd)")
        }
    }
}
