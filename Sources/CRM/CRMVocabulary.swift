/// The fixed words and bounds of CRM columns: one definition behind the table declarations' value kinds
/// (checked on receipt) and CSV import, so what import accepts is exactly what a peer accepts.
public enum CRMVocabulary {
    public static let channels: Set<String> = ["traditional", "chain", "flagship", "online"]
    public static let statuses: Set<String> = ["active", "closed"]
    public static let priceTiers: Set<String> = ["premium", "mid", "value"]
    public static let categories: Set<String> = ["cigarette", "heated", "ecig", "accessory"]
    public static let interactionKinds: Set<String> = ["visit", "call", "complaint", "feedback", "referral"]
    public static let campaignStatuses: Set<String> = ["draft", "launched"]
    public static let campaignChannels: Set<String> = ["sms", "visit", "call", "coupon"]
    /// Kinds of a compliance violation (`compliance record --kind`).
    public static let violationKinds: Set<String> = [
        "minor_sale", "counterfeit", "price_violation", "licence_expired", "other",
    ]
    public static let contactOutcomes: Set<String> = ["reached", "no_answer", "refused", "coupon_redeemed"]

    /// Longest segment rule, in UTF-8 bytes: the rule parser's own limit, so a rule no node could parse is refused
    /// on receipt like any other bad value (its nesting depth is checked where it is parsed).
    public static let maxRuleBytes = 4_096
    /// Longest segment description, in UTF-8 bytes (as `segment define` allows).
    public static let maxDescriptionBytes = 1_024
}
