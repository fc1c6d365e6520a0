import GRDB
import Replica

/// Keys that imported rows must refer to (customers for orders and interactions, products for orders),
/// loaded once per import so a million orders cost a million hash lookups, not queries.
struct ImportReferences {
    private(set) var customers: Set<String> = []
    private(set) var products: Set<String> = []
    /// Customers this node holds outside its scope (from before scopes, or written past its checks), by id, with
    /// their region: a row referring to one is rejected, since the node's peers would refuse it.
    private(set) var outsideScope: [String: String?] = [:]
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
            try references.loadCustomers(db)
            references.products = Set(try String.fetchAll(db, sql: "SELECT sku FROM products"))
        case .interactions, .compliance:
            try references.loadCustomers(db)
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

    /// Every customer id, those outside ``scope`` apart with their region.
    private mutating func loadCustomers(_ db: Database) throws {
        let rows = try Row.fetchCursor(db, sql: "SELECT id, region FROM customers")
        while let row = try rows.next() {
            let id: String = row[0]
            let region: String? = row[1]
            if scope.contains(region) { customers.insert(id) } else { outsideScope[id] = region }
        }
    }

    func customerExists(_ id: String) -> Bool { customers.contains(id) }

    /// Why a row may not refer to customer `id`: it is unknown here, or outside this node's regions.
    func customerProblem(_ id: String) -> String? {
        if customers.contains(id) { return nil }
        if let region = outsideScope[id] {
            return "customer_id '\(id)' is in region \(region ?? "(none)"), outside this node's regions (\(scope))"
        }
        return "unknown customer_id '\(id)' (import customers first)"
    }

    func productExists(_ sku: String) -> Bool { products.contains(sku) }
    func regionKnown(_ region: String) -> Bool { regions.contains(region) || scope.contains(region) && !scope.isAll }
}
