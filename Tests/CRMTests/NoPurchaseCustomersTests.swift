import Analytics
import Testing

@testable import CRM

/// Customers whose order rows are all zero-amount lines or returns have no order day, so CLV leaves them out; the
/// run counts them so the report can say so.
@Suite struct NoPurchaseCustomersTests {
    @Test func zeroAmountAndReturnOnlyCustomersAreCountedAndLeftOutOfCLV() throws {
        let fixture = try ImportFixture()
        let products = """
            sku,name,brand,price_tier,category,unit_price
            P1,Gold,B,premium,cigarette,100
            S0,Sample,B,value,accessory,0

            """
        let customers = """
            id,name,region,channel,status
            A,Alpha,east,chain,active
            B,Beta,east,chain,active
            Z,Zero,east,chain,active
            R,Returns,east,chain,active
            L,Late,east,chain,active

            """
        let orders = """
            id,customer_id,ordered_at,sku,quantity,amount,channel
            O1,A,2026-05-01T10:00:00Z,P1,1,100,chain
            O2,A,2026-06-01T10:00:00Z,P1,2,200,chain
            O3,B,2026-05-03T10:00:00Z,P1,1,100,chain
            O4,B,2026-07-03T10:00:00Z,P1,3,300,chain
            O5,Z,2026-06-01T10:00:00Z,S0,2,0,chain
            O6,Z,2026-07-01T10:00:00Z,S0,1,0,chain
            O7,R,2026-07-01T10:00:00Z,P1,-1,-100,chain
            O8,L,2026-11-02T10:00:00Z,S0,1,0,chain

            """
        _ = try fixture.run(.products, try fixture.file("p.csv", products))
        _ = try fixture.run(.customers, try fixture.file("c.csv", customers))
        let imported = try fixture.run(.orders, try fixture.file("o.csv", orders))
        #expect(imported.imported == 8, "\(imported.rejections)")
        let run = try AnalyticsRun.extract(from: fixture.replica, asOf: CalendarDay("2026-11-01")!)
        // Z (zero-amount lines) and R (a return only); L's row is after the snapshot, so it has none yet.
        #expect(try run.customersWithoutPurchases(in: fixture.replica) == 2)
        let values = try #require(run.lifetimeValues(unit: .days, horizon: CLVHorizon()))
        #expect(values.values.map(\.id).sorted() == ["A", "B"])
    }
}
