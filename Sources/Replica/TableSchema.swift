/// The shape of one replicated table: its wire number, key and columns, and how it merges.
///
/// Mutable tables merge per column (last writer wins on `(hlc, site)`) with a row-level causal length for
/// deletes; append-only tables merge as grow-only sets keyed by their id. See docs/conflicts.md.
public struct TableSchema: Sendable, Hashable {
    /// How rows of a table merge.
    public enum Kind: Sendable, Hashable {
        /// Per-column last-writer-wins cells and a row existence marker (create/delete).
        case mutable
        /// Grow-only set of immutable rows; each row carries its origin `(site, seq)` itself.
        case appendOnly
    }

    /// Wire number of the table; never reused.
    public let id: UInt8
    public let name: String
    /// Key columns (all text), in order.
    public let keyColumns: [String]
    /// Non-key columns. For mutable tables a cell's column number is its index here.
    public let columns: [String]
    /// Columns holding numbers (`INTEGER` or `REAL` affinity); the rest are text.
    public let numericColumns: Set<String>
    public let kind: Kind

    /// All columns of an append-only row in wire order: keys then the rest.
    public var allColumns: [String] { keyColumns + columns }

    /// The column number of `name`, if it is a non-key column.
    public func columnNumber(_ name: String) -> Int? { columns.firstIndex(of: name) }
}

extension TableSchema {
    public static let customers = TableSchema(
        id: 1, name: "customers", keyColumns: ["id"],
        columns: [
            "licence_no", "name", "owner", "phone", "region", "district", "address", "channel", "business_type",
            "opened_on", "status", "marketing_consent", "created_at",
        ],
        numericColumns: ["marketing_consent"], kind: .mutable)

    public static let products = TableSchema(
        id: 2, name: "products", keyColumns: ["sku"],
        columns: ["name", "brand", "price_tier", "category", "unit_price"],
        numericColumns: ["unit_price"], kind: .mutable)

    public static let orders = TableSchema(
        id: 3, name: "orders", keyColumns: ["id"],
        columns: ["customer_id", "ordered_at", "sku", "quantity", "amount", "channel"],
        numericColumns: ["quantity", "amount"], kind: .appendOnly)

    public static let interactions = TableSchema(
        id: 4, name: "interactions", keyColumns: ["id"],
        columns: ["customer_id", "at", "kind", "note"],
        numericColumns: [], kind: .appendOnly)

    public static let customerTags = TableSchema(
        id: 5, name: "customer_tags", keyColumns: ["customer_id", "tag"], columns: [],
        numericColumns: [], kind: .mutable)

    public static let campaigns = TableSchema(
        id: 6, name: "campaigns", keyColumns: ["id"],
        columns: [
            "name", "segment", "channel", "starts_on", "ends_on", "holdout_pct", "region", "status", "created_at",
            // Added for campaigns (ReplicaSchema+Campaigns.swift).
            "goal", "attribution_days", "created_by", "launched_on", "launched_at", "launched_by",
        ],
        numericColumns: ["holdout_pct", "attribution_days"], kind: .mutable)

    public static let campaignMembers = TableSchema(
        id: 7, name: "campaign_members", keyColumns: ["campaign_id", "customer_id"],
        columns: [
            "member_group", "assigned_at", "contacted_at", "outcome",
            // Added for campaigns (ReplicaSchema+Campaigns.swift).
            "bucket", "note",
        ],
        numericColumns: ["bucket"], kind: .mutable)

    /// Saved rule segments, so a segment defined at headquarters means the same on every office.
    public static let segments = TableSchema(
        id: 8, name: "segments", keyColumns: ["name"], columns: ["expression", "description", "created_at"],
        numericColumns: [], kind: .mutable)

    /// Every replicated table, in dependency order (parents before children).
    public static let all: [TableSchema] = [
        .customers, .products, .orders, .interactions, .customerTags, .campaigns, .campaignMembers, .segments,
    ]

    /// The table with wire number `id`.
    public static func table(id: UInt8) -> TableSchema? { all.first { $0.id == id } }

    /// The table called `name`.
    public static func table(named name: String) -> TableSchema? { all.first { $0.name == name } }
}
