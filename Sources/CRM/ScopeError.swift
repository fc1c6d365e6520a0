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
