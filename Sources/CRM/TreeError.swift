/// Why `analytics tree` could not grow or save a tree.
public enum TreeError: Error, Equatable, CustomStringConvertible {
    case campaignsUnavailable(String)
    case unknownSegment(String)
    case noCustomers(String)
    case noSuchLeaf(Int, leaves: Int)

    public var description: String {
        switch self {
        case .campaignsUnavailable(let campaign):
            "campaigns are not available yet, so there is no conversion to learn for '\(campaign)'; "
                + "use --target churned:DAYS or --target segment:NAME"
        case .unknownSegment(let name):
            "no segment named '\(name)'; `outpost segment list` shows the saved ones"
        case .noCustomers(let what):
            "no customers to grow a tree on: \(what)"
        case .noSuchLeaf(let leaf, let leaves):
            "there is no leaf \(leaf): this tree has leaves 1 to \(leaves)"
        }
    }
}
