/// What an order must be to count as a campaign's conversion: any order, or one whose product matches a filter.
public enum CampaignGoal: Sendable, Equatable, CustomStringConvertible {
    case anyOrder
    case sku(String)
    case brand(String)
    case category(String)
    case priceTier(String)

    /// Parses `any`, `sku:X`, `brand:X`, `category:X` or `price_tier:X`; nil otherwise.
    public init?(_ text: String) {
        if text == "any" || text.isEmpty {
            self = .anyOrder
            return
        }
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let value = String(text[text.index(after: colon)...])
        guard !value.isEmpty, value.utf8.count <= 200 else { return nil }
        switch text[..<colon] {
        case "sku": self = .sku(value)
        case "brand": self = .brand(value)
        case "category": self = .category(value)
        case "price_tier": self = .priceTier(value)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .anyOrder: return "any"
        case .sku(let value): return "sku:\(value)"
        case .brand(let value): return "brand:\(value)"
        case .category(let value): return "category:\(value)"
        case .priceTier(let value): return "price_tier:\(value)"
        }
    }

    /// Whether an order of product `sku` (with its brand, category and price tier, when known) qualifies.
    public func matches(sku: String, brand: String?, category: String?, priceTier: String?) -> Bool {
        switch self {
        case .anyOrder: return true
        case .sku(let value): return sku == value
        case .brand(let value): return brand == value
        case .category(let value): return category == value
        case .priceTier(let value): return priceTier == value
        }
    }
}
