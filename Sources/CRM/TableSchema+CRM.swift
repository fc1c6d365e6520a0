import Replica

/// The replicated CRM tables: wire numbers, keys, columns, merge kinds, scope keys and value kinds.
extension TableSchema {
    private static let followsCustomer = TableScope.parent(table: "customers", column: "customer_id")

    public static let customers = TableSchema(
        id: 1, name: "customers", keyColumns: ["id"],
        columns: [
            "licence_no", "name", "owner", "phone", "region", "district", "address", "channel", "business_type",
            "opened_on", "status", "marketing_consent", "created_at",
        ],
        numericColumns: ["marketing_consent"], kind: .mutable, scope: .column("region"),
        valueKinds: [
            "channel": .oneOf(CRMVocabulary.channels), "status": .oneOf(CRMVocabulary.statuses), "opened_on": .date,
            "marketing_consent": .flag, "created_at": .timestamp,
        ])

    public static let products = TableSchema(
        id: 2, name: "products", keyColumns: ["sku"],
        columns: ["name", "brand", "price_tier", "category", "unit_price"],
        numericColumns: ["unit_price"], kind: .mutable, scope: .companyWide,
        valueKinds: [
            "price_tier": .oneOf(CRMVocabulary.priceTiers), "category": .oneOf(CRMVocabulary.categories),
            "unit_price": .number,
        ])

    /// An order without its customer or amount means nothing: those columns are required.
    public static let orders = TableSchema(
        id: 3, name: "orders", keyColumns: ["id"],
        columns: ["customer_id", "ordered_at", "sku", "quantity", "amount", "channel"],
        numericColumns: ["quantity", "amount"], kind: .appendOnly, scope: followsCustomer,
        valueKinds: [
            "ordered_at": .timestamp, "quantity": .integer, "amount": .number,
            "channel": .oneOf(CRMVocabulary.channels),
        ],
        requiredColumns: ["customer_id", "ordered_at", "sku", "quantity", "amount"])

    public static let interactions = TableSchema(
        id: 4, name: "interactions", keyColumns: ["id"],
        columns: ["customer_id", "at", "kind", "note"],
        kind: .appendOnly, scope: followsCustomer,
        valueKinds: ["at": .timestamp, "kind": .oneOf(CRMVocabulary.interactionKinds)],
        requiredColumns: ["customer_id", "at", "kind"])

    public static let customerTags = TableSchema(
        id: 5, name: "customer_tags", keyColumns: ["customer_id", "tag"], columns: [],
        kind: .mutable, scope: followsCustomer)

    public static let campaigns = TableSchema(
        id: 6, name: "campaigns", keyColumns: ["id"],
        columns: [
            "name", "segment", "channel", "starts_on", "ends_on", "holdout_pct", "region", "status", "created_at",
            // Added for campaigns (migration v1-campaign-columns); appended, so older column numbers hold.
            "goal", "attribution_days", "created_by", "launched_on", "launched_at", "launched_by",
        ],
        numericColumns: ["holdout_pct", "attribution_days"], kind: .mutable, scope: .companyWide,
        valueKinds: [
            "holdout_pct": .number, "created_at": .timestamp, "starts_on": .date, "ends_on": .date,
            "status": .oneOf(CRMVocabulary.campaignStatuses), "channel": .oneOf(CRMVocabulary.campaignChannels),
            "attribution_days": .integer, "launched_on": .date, "launched_at": .timestamp, "goal": .shortText(256),
        ])

    public static let campaignMembers = TableSchema(
        id: 7, name: "campaign_members", keyColumns: ["campaign_id", "customer_id"],
        columns: [
            "member_group", "assigned_at", "contacted_at", "outcome",
            // Added for campaigns (migration v1-campaign-columns).
            "bucket", "note",
        ],
        numericColumns: ["bucket"], kind: .mutable, scope: followsCustomer,
        valueKinds: [
            "member_group": .oneOf(["target", "control"]), "assigned_at": .timestamp, "contacted_at": .timestamp,
            "outcome": .oneOf(CRMVocabulary.contactOutcomes), "bucket": .integer,
            "note": .shortText(CRMVocabulary.maxDescriptionBytes),
        ])

    /// Saved rule segments, so a segment defined at headquarters means the same on every office.
    public static let segments = TableSchema(
        id: 8, name: "segments", keyColumns: ["name"], columns: ["expression", "description", "created_at"],
        kind: .mutable, scope: .companyWide,
        valueKinds: [
            "created_at": .timestamp, "expression": .shortText(CRMVocabulary.maxRuleBytes),
            "description": .shortText(CRMVocabulary.maxDescriptionBytes),
        ])
}
