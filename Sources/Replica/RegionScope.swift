import Foundation

/// Which regions' rows a node holds, or a peer may receive and write: every region (`all`, headquarters) or a
/// set of named regions (an office: `east`, or `east,north`).
///
/// A node's own scope comes from its role and region (``NodeIdentity/scope``); the scope it grants a peer is
/// what its admin recorded with `outpost peer add --region`. See docs/architecture.md, "Region scope".
public enum RegionScope: Sendable, Hashable, CustomStringConvertible {
    case all
    case regions(Set<String>)

    /// Parses `all` or a comma-separated list of region names; nil when the text names no region, repeats the
    /// word `all` among regions, or holds an empty name.
    public init?(parsing text: String) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !parts.isEmpty, !parts.contains(where: \.isEmpty) else { return nil }
        if parts == ["all"] {
            self = .all
            return
        }
        guard !parts.contains("all") else { return nil }
        self = .regions(Set(parts))
    }

    /// The scope a peer's Hello claims: headquarters holds everything, an office the regions it names.
    public init(claimedByRole role: String, region: String) {
        if role == NodeIdentity.Role.hq.rawValue {
            self = .all
        } else {
            self = RegionScope(parsing: region) ?? .regions([region])
        }
    }

    public var isAll: Bool { self == .all }

    /// Whether a row of `region` lies inside the scope (a row without a region only inside `all`).
    public func contains(_ region: String?) -> Bool {
        switch self {
        case .all: return true
        case .regions(let names): return region.map(names.contains) ?? false
        }
    }

    /// The regions both scopes hold.
    public func intersection(_ other: RegionScope) -> RegionScope {
        switch (self, other) {
        case (.all, _): return other
        case (_, .all): return self
        case (.regions(let left), .regions(let right)): return .regions(left.intersection(right))
        }
    }

    /// `all`, or the regions sorted and comma-separated: the form `--region` takes.
    public var description: String {
        switch self {
        case .all: return "all"
        case .regions(let names): return names.sorted().joined(separator: ",")
        }
    }
}

extension NodeIdentity {
    /// The regions this node holds: everything for headquarters, its region list for an office (an office
    /// created before scopes existed has one region, which is its scope).
    public var scope: RegionScope { RegionScope(claimedByRole: role.rawValue, region: region) }
}
