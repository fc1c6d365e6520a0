import Analytics
import Foundation
import GRDB
import Replica
import Testing

@testable import CRM

/// A few customers with orders on known days, imported the way users import them; as of 2026-11-01, a snapshot at
/// the start of that day, so the periods are the days before it (the last 90 days are 2026-08-03 ... 2026-10-31).
final class HandMadeShop {
    let fixture: ImportFixture
    var replica: Replica { fixture.replica }
    static let asOf = CalendarDay("2026-11-01")!

    init() throws {
        fixture = try ImportFixture()
        let products =
            "sku,name,brand,price_tier,category,unit_price\nP1,Gold,B,premium,cigarette,100\nV1,Plain,B,value,cigarette,10\n"
        let customers = """
            id,name,region,channel,status
            A,Alpha,east,chain,active
            B,Beta,west,traditional,closed
            C,Gamma,east,online,active
            D,Delta,north,chain,active

            """
        // A: five order days (one outside the window), two orders on one day, a return, an order in the very last
        // second before the as-of day, and one at its first second that must not count.
        let orders = """
            id,customer_id,ordered_at,sku,quantity,amount,channel
            O1,A,2025-06-01T10:00:00Z,V1,1,500,chain
            O2,A,2026-05-10T09:00:00Z,V1,1,1000,chain
            O3,A,2026-08-15T08:00:00Z,P1,1,3000,chain
            O4,A,2026-08-15T15:00:00Z,V1,1,500,online
            O5,A,2026-09-20T11:00:00Z,V1,1,200,online
            O6,A,2026-09-20T12:00:00Z,V1,-1,-100,online
            O7,A,2026-10-31T23:59:59Z,P1,1,1000,chain
            O8,A,2026-11-01T00:00:00Z,P1,1,9999,chain
            O9,B,2026-10-01T10:00:00Z,P1,1,2000,traditional
            O10,C,2026-11-05T10:00:00Z,V1,1,50,online
            O11,D,2024-12-01T10:00:00Z,V1,1,700,chain
            O12,D,2025-01-10T10:00:00Z,V1,1,300,chain

            """
        let interactions = """
            id,customer_id,at,kind,note
            I1,A,2026-10-01T10:00:00Z,complaint,late
            I2,A,2026-06-01T10:00:00Z,complaint,late
            I3,A,2026-01-15T10:00:00Z,referral,friend
            I4,A,2025-09-01T10:00:00Z,referral,too old
            I5,A,2026-11-02T10:00:00Z,complaint,after as-of
            I6,A,2026-11-01T00:00:00Z,complaint,first second of the as-of day

            """
        _ = try fixture.run(.products, try fixture.file("p.csv", products))
        _ = try fixture.run(.customers, try fixture.file("c.csv", customers))
        _ = try fixture.run(.orders, try fixture.file("o.csv", orders))
        _ = try fixture.run(.interactions, try fixture.file("i.csv", interactions))
        try CustomerBook(replica: replica).addTag("vip", to: "A")
    }

    func features(asOf: CalendarDay = HandMadeShop.asOf) throws -> CustomerFeatures {
        try FeatureExtractor(asOf: asOf).extract(from: replica)
    }
}

/// Days between two dates by Foundation's calendar, independent of the extractor's arithmetic.
func days(from start: String, to end: String) -> Double {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withFullDate]
    let a = formatter.date(from: start)!
    let b = formatter.date(from: end)!
    return (b.timeIntervalSince(a) / 86_400).rounded()
}

@Suite struct FeatureExtractionTests {
    @Test func everyOrderFeatureMatchesTheHandCount() throws {
        let shop = try HandMadeShop()
        let f = try shop.features()
        #expect(f.ids == ["A", "B", "C", "D"])
        let a = 0
        #expect(f.hasOrders[a])
        #expect(f.recencyDays[a] == 1)  // the order at 23:59:59 the day before counts; 00:00:00 of D does not
        #expect(f.frequency[a] == 4)  // 05-10, 08-15, 09-20, 10-31; 2025-06-01 is outside the 365 days
        #expect(f.monetary[a] == 1000 + 3000 + 500 + 200 - 100 + 1000)  // net of the return, not O8
        #expect(f.averageBasket[a] == 5600.0 / 5)  // five purchases; the return is not an order
        #expect(abs(f.premiumShare[a] - 4000.0 / 5600) < 1e-12)
        #expect(f.spend365[a] == 5600)
        #expect(f.spend90[a] == 3000 + 500 + 200 - 100 + 1000)  // from 2026-08-03
        #expect(f.orderDays90[a] == 3)
        #expect(f.spendPrev90[a] == 1000)  // 2026-05-05 ... 2026-08-02
        #expect(f.orderDaysPrev90[a] == 1)
        let tenure = days(from: "2025-06-01", to: "2026-11-01")
        #expect(tenure == 518)
        #expect(f.tenureDays[a] == tenure)
        #expect(f.ageT[a] == tenure)
        #expect(f.recencyT[a] == tenure - 1)  // first to last order day
        #expect(f.repeatCount[a] == 4)
        #expect(f.meanGapDays[a] == (tenure - 1) / 4)
        #expect(f.longestGapBeforeLastDays[a] == days(from: "2026-09-20", to: "2026-10-31"))
        // Order days in the last 90 days: 08-15 (after 05-10), 09-20, 10-31; the longest gap ending there is 97.
        #expect(f.returnGapDays[a] == days(from: "2026-05-10", to: "2026-08-15"))
        #expect(f.meanRepeatSpend[a] == 5600.0 / 4)  // every day after the first order day, over 4 repeat days
        #expect(f.channelsUsed90[a] == 2)
        #expect(f.channelSwitches90[a] == 2)  // chain → online → online → chain
        #expect(f.complaints90[a] == 1)  // I1; I6 at the first second of the as-of day is not in the snapshot
        #expect(f.complaintsPrev90[a] == 1)
        #expect(f.referrals365[a] == 1)
        #expect(f.tags[a] == ["vip"])
        #expect(f.regions[a] == "east" && f.channels[a] == "chain")
    }

    @Test func oneOrderClosedCustomerIsIncludedAndFlaggedByStatus() throws {
        let f = try HandMadeShop().features()
        let b = 1
        #expect(f.statuses[b] == "closed")
        #expect(f.hasOrders[b])
        #expect(f.recencyDays[b] == 31 && f.tenureDays[b] == 31 && f.ageT[b] == 31)
        #expect(f.returnGapDays[b] == 0)
        #expect(f.frequency[b] == 1 && f.monetary[b] == 2000 && f.averageBasket[b] == 2000)
        #expect(f.premiumShare[b] == 1)
        #expect(f.repeatCount[b] == 0 && f.meanGapDays[b] == 0 && f.meanRepeatSpend[b] == 0)
        #expect(f.channelsUsed90[b] == 1 && f.channelSwitches90[b] == 0)
    }

    @Test func ordersAfterTheAsOfDayDoNotExist() throws {
        let f = try HandMadeShop().features()
        let c = 2
        #expect(!f.hasOrders[c])
        #expect(f.frequency[c] == 0 && f.monetary[c] == 0 && f.spend90[c] == 0)
    }

    @Test func oldCustomerKeepsHistoryButHasNoWindowSpend() throws {
        let f = try HandMadeShop().features()
        let d = 3
        #expect(f.hasOrders[d])
        #expect(f.frequency[d] == 0 && f.monetary[d] == 0 && f.spend365[d] == 0)
        #expect(f.recencyDays[d] == days(from: "2025-01-10", to: "2026-11-01"))
        #expect(f.tenureDays[d] == days(from: "2024-12-01", to: "2026-11-01"))
        #expect(f.meanGapDays[d] == 40 && f.longestGapBeforeLastDays[d] == 40)
        #expect(f.meanRepeatSpend[d] == 300)
    }

    @Test func anEarlierAsOfDayBackTestsWithTheDataOfThatDay() throws {
        let f = try HandMadeShop().features(asOf: CalendarDay("2026-09-30")!)
        #expect(f.recencyDays[0] == 10)  // last order day 09-20; the 10-31 order is in the future
        #expect(f.frequency[0] == 3)
        #expect(f.monetary[0] == 1000 + 3000 + 500 + 200 - 100)
        #expect(f.complaints90[0] == 0)  // the 10-01 complaint is after the as-of day
        #expect(!f.hasOrders[1])
    }

    @Test func backtestCountsWhoBoughtInTheFollowingDaysOnly() throws {
        let shop = try HandMadeShop()
        let run = try AnalyticsRun.extract(from: shop.replica, asOf: CalendarDay("2026-10-01")!)
        // Population: customers with an order day in the window before 10-01, i.e. only A (B's first order is at
        // 10:00 on 10-01). A buys again on 10-31, the 31st day of [10-01, ...): outside a 30-day period
        // [10-01, 10-31), inside a 31-day one.
        // D is flagged but outside the population (no order day in the window), so it does not count.
        let thirty = try run.churnBacktest(flagged: ["A", "D"], days: 30, replica: shop.replica)
        #expect(thirty.population == 1 && thirty.stopped == 1 && thirty.outcome.truePositives == 1)
        #expect(thirty.outcome.precision == 1 && thirty.outcome.recall == 1)
        let thirtyOne = try run.churnBacktest(flagged: ["A", "D"], days: 31, replica: shop.replica)
        #expect(thirtyOne.stopped == 0 && thirtyOne.outcome.falsePositives == 1)
        #expect(thirtyOne.outcome.precision == 0 && thirtyOne.outcome.recall == nil)
        #expect(thirtyOne.dataCoversPeriod)
        #expect(try !run.churnBacktest(flagged: ["A", "D"], days: 90, replica: shop.replica).dataCoversPeriod)
    }
}
