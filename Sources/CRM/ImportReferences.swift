import GRDB
import Replica

/// Keys that imported rows must refer to (customers for orders and interactions, products for orders),
/// loaded once per import so a million orders cost a million hash lookups, not queries.
struct ImportReferences {
    private(set) var customers: Set<String> = []
    private(set) var products: Set<String> = []
    /// The importing node's regions: a customer outside them is rejected (its peers would refuse it).
    var scope = RegionScope.all
    /// For stock: the regions some customer has, and the levels stored per (region, sku).
    private(set) var regions: Set<String> = []
    private(set) var stockLevels: [[String]: (min: Int64?, max: Int64?)] = [:]

    /// References given directly, without a database (tests and the CSV fuzz target).
    init(customers: Set<String> = [], products: Set<String> = []) {
        self.customers = customers
        self.products = products
    }

    static func load(for kind: ImportKind, _ db: Database, scope: RegionScope = .all) throws -> ImportReferences {
        var references = ImportReferences()
        references.scope = scope
        switch kind {
        case .orders:
            references.customers = Set(try String.fetchAll(db, sql: "SELECT id FROM customers"))
            references.products = Set(try String.fetchAll(db, sql: "SELECT sku FROM products"))
        case .interactions, .compliance:
            references.customers = Set(try String.fetchAll(db, sql: "SELECT id FROM customers"))
        case .stock:
            references.products = Set(try String.fetchAll(db, sql: "SELECT sku FROM products"))
            references.regions = try StockBook.knownRegions(db)
            for level in try StockBook.levels(db) {
                references.stockLevels[[level.region, level.sku]] = (level.minLevel, level.maxLevel)
            }
        case .customers, .products:
            break
        }
        return references
    }

    func customerExists(_ id: String) -> Bool { customers.contains(id) }
    func productExists(_ sku: String) -> Bool { products.contains(sku) }
    func regionKnown(_ region: String) -> Bool { regions.contains(region) || scope.contains(region) && !scope.isAll }
}
