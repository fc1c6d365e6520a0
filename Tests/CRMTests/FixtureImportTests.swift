import Foundation
import GRDB
import Replica
import Testing

@testable import CRM

/// The committed fixtures import with the exact counts fixtures/README.md gives, and every bad file keeps its
/// good rows and names its bad lines.
@Suite struct FixtureImportTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures")

    private func run(_ fixture: ImportFixture, _ kind: ImportKind, _ path: String) throws -> ImportSummary {
        try CSVImporter(kind: kind).run(file: Self.fixtures.appendingPathComponent(path).path, into: fixture.replica)
    }

    @Test func committedSetAndBadFilesImportWithTheDocumentedCounts() throws {
        let fixture = try ImportFixture()
        let products = try run(fixture, .products, "small/products.csv")
        let customers = try run(fixture, .customers, "small/customers.csv")
        let orders = try run(fixture, .orders, "small/orders.csv")
        let interactions = try run(fixture, .interactions, "small/interactions.csv")
        #expect(products.imported == 40 && products.rejected == 0)
        #expect(customers.imported == 2_000 && customers.rejected == 0)
        #expect(orders.read == 50_009 && orders.imported == 50_009 && orders.rejected == 0)
        #expect(interactions.imported == 8_387 && interactions.rejected == 0)

        let badCustomers = try run(fixture, .customers, "bad/customers-bad.csv")
        #expect(badCustomers.imported == 4 && badCustomers.updated == 1 && badCustomers.rejected == 7)
        #expect(badCustomers.rejections.map(\.line) == [3, 4, 6, 7, 8, 9, 10])
        let updated = "SELECT count(*) FROM customers WHERE id = '310115000001' AND phone = '13900000001'"
        #expect(try fixture.count(updated) == 1)

        let badOrders = try run(fixture, .orders, "bad/orders-bad.csv")
        #expect(badOrders.imported == 3 && badOrders.skipped == 1 && badOrders.rejected == 9)
        #expect(badOrders.rejections.map(\.line) == [3, 4, 5, 6, 7, 8, 9, 12, 14])

        let badProducts = try run(fixture, .products, "bad/products-bad.csv")
        #expect(badProducts.unchanged == 1 && badProducts.rejected == 5)

        let badInteractions = try run(fixture, .interactions, "bad/interactions-bad.csv")
        #expect(badInteractions.imported == 3 && badInteractions.skipped == 1 && badInteractions.rejected == 4)
        #expect(badInteractions.rejections.map(\.line) == [3, 4, 5, 8])

        #expect(throws: ImportError.self) { try run(fixture, .customers, "bad/header-bad.csv") }
        #expect(try fixture.count("SELECT count(*) FROM customers WHERE id LIKE '31011500002%'") == 0)
    }
}
