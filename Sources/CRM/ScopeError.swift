import GRDB
import Replica

/// Why this node may not write a row: it lies outside the node's region scope (its peers would refuse it).
public enum ScopeError: Error, Equatable, CustomStringConvertible {
    /// A customer of `region` on a node whose scope is `scope`.
    case customerOutsideScope(id: String, region: String?, scope: RegionScope)

    public var description: String {
        switch self {
        case .customerOutsideScope(let id, let region, let scope):
            "customer \(id) is in region \(region ?? "(none)"), outside this node's regions (\(scope)): "
                + "an office writes only its own regions' customers; headquarters can make this change"
        }
    }
}

extension CustomerBook {
    /// Throws unless a customer of `region` lies inside this node's scope.
    func checkScope(id: String, region: String?) throws {
        let scope = replica.identity.scope
        guard scope.contains(region) else {
            throw ScopeError.customerOutsideScope(id: id, region: region, scope: scope)
        }
    }
}

extension ScopeError {
    /// Whether this node holds customer `id`; throws when it does but the customer lies outside `scope`, so a
    /// row that follows the customer (a tag, a compliance record) is refused before anything is written.
    static func heldCustomer(_ id: String, _ db: Database, scope: RegionScope) throws -> Bool {
        guard let row = try Row.fetchOne(db, sql: "SELECT region FROM customers WHERE id = ?", arguments: [id]) else {
            return false
        }
        let region: String? = row[0]
        guard scope.contains(region) else {
            throw ScopeError.customerOutsideScope(id: id, region: region, scope: scope)
        }
        return true
    }
}
