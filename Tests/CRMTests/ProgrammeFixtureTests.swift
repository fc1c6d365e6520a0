import Analytics
import Foundation
import Testing

@testable import CRM

/// The programme's tier counts per quarter end on the committed fixtures equal a recomputation straight from
/// `orders.csv` and `customers.csv` in this test: per customer, spend and purchases over [boundary − 365,
/// boundary), tiered at 100,000 / 50,000.
@Suite struct ProgrammeFixtureTests {
    static let small = FixtureImportTests.fixtures.appendingPathComponent("small")

    static func rows(_ name: String) throws -> [[String: String]] {
        let lines = try String(contentsOf: small.appendingPathComponent(name), encoding: .utf8)
            .split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        return lines.dropFirst().map { line in
            // The fixtures' orders and the columns read here hold no quoted commas.
            Dictionary(
                uniqueKeysWithValues: zip(
                    header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
        }
    }

    @Test func tierCountsPerQuarterEqualARecomputationFromTheOrders() throws {
        let fixture = try ImportFixture()
        for kind in [ImportKind.products, .customers, .orders] {
            _ = try CSVImporter(kind: kind).run(
                file: Self.small.appendingPathComponent("\(kind.rawValue).csv").path, into: fixture.replica)
        }
        let run = try ProgrammeRun.compute(
            from: fixture.replica, asOf: CalendarDay("2026-10-31")!, quarters: 8, byRegion: true)
        #expect(
            run.whole.quarters.map(\.end.label) == [
                "2024Q4", "2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3",
            ])

        let region = Dictionary(uniqueKeysWithValues: try Self.rows("customers.csv").map { ($0["id"]!, $0["region"]!) })
        let orders = try Self.rows("orders.csv")
        for quarter in run.whole.quarters {
            let boundary = CalendarDay(daysSinceEpoch: quarter.end.boundary)
            let from = boundary.adding(days: -365).description
            let until = boundary.description
            var spend: [String: Double] = [:]
            var bought: Set<String> = []
            for order in orders {
                let day = String(order["ordered_at"]!.prefix(10))
                guard day >= from, day < until else { continue }
                let amount = Double(order["amount"]!)!
                spend[order["customer_id"]!, default: 0] += amount
                if amount > 0 { bought.insert(order["customer_id"]!) }
            }
            func tiers(in wanted: String?) -> [Int] {
                var counts = [0, 0, 0]
                for customer in bought where wanted == nil || region[customer] == wanted {
                    let s = spend[customer]!
                    counts[s >= 100_000 ? 0 : s >= 50_000 ? 1 : 2] += 1
                }
                return counts
            }
            #expect(quarter.levels.map(\.customers) == tiers(in: nil), "\(quarter.end.label)")
            for (name, programme) in run.regions {
                let same = programme.quarters.first { $0.end == quarter.end }!
                #expect(same.levels.map(\.customers) == tiers(in: name), "\(name) \(quarter.end.label)")
            }
            // Every customer in the programme at this quarter end is in one migration column.
            let columns = ProgrammeMigration.rows.reduce(0) { total, row in
                total
                    + [StarTier.basic, .potential, .value].reduce(0) {
                        $0 + quarter.migration.count(row, StarProgramme.Standing(rawValue: $1.rawValue)!)
                    }
            }
            #expect(columns == bought.count)
        }
        #expect(run.regions.map(\.region) == ["central", "east", "north", "south", "west"])
    }
}
