/// What `analytics tree` predicts: `churned:DAYS`, `segment:NAME` or `converted:CAMPAIGN`.
public enum TreeTarget: Sendable, Equatable, CustomStringConvertible {
    /// No purchase in the DAYS days after a snapshot taken DAYS days before the as-of day.
    case churned(days: Int)
    /// Membership of a saved segment as of the as-of day.
    case segment(String)
    /// Conversion in a campaign; refused until campaigns exist.
    case converted(String)

    /// Parses `churned:90`, `segment:east-vip`, `converted:C1`; nil for anything else.
    public init?(_ text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let kind = text[..<colon]
        let value = String(text[text.index(after: colon)...])
        switch kind {
        case "churned":
            guard let days = Int(value), days >= 1 else { return nil }
            self = .churned(days: days)
        case "segment" where !value.isEmpty: self = .segment(value)
        case "converted" where !value.isEmpty: self = .converted(value)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .churned(let days): "churned:\(days)"
        case .segment(let name): "segment:\(name)"
        case .converted(let campaign): "converted:\(campaign)"
        }
    }
}
