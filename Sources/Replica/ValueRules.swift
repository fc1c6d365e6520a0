import GRDB

/// What each replicated column may hold: the one definition behind both CSV import and the check of
/// changes received from peers, so a value that import would reject cannot arrive by replication either
/// (a damaged page on one node must not spread to the others).
public enum ValueRules {
    /// What one column holds. Every column may also be NULL unless its table lists it as required.
    public enum Kind: Sendable, Hashable {
        case text
        /// `YYYY-MM-DD`.
        case date
        /// ISO 8601, as ``Timestamps/millis(ofTimestamp:)`` reads it.
        case timestamp
        /// One of a fixed set of lowercase words.
        case oneOf(Set<String>)
        /// A whole number.
        case integer
        /// 0 or 1.
        case flag
        /// A finite number (whole or not).
        case number
        /// Text of at most this many UTF-8 bytes (below ``maxTextBytes``).
        case shortText(Int)
    }

    /// Longest segment rule, in UTF-8 bytes: the rule parser's own limit, so a rule no node could parse is refused
    /// on receipt like any other bad value (its nesting depth is checked where it is parsed).
    public static let maxRuleBytes = 4_096
    /// Longest segment description, in UTF-8 bytes (as `segment define` allows).
    public static let maxDescriptionBytes = 1_024

    public static let channels: Set<String> = ["traditional", "chain", "flagship", "online"]
    public static let statuses: Set<String> = ["active", "closed"]
    public static let priceTiers: Set<String> = ["premium", "mid", "value"]
    public static let categories: Set<String> = ["cigarette", "heated", "ecig", "accessory"]
    public static let campaignStatuses: Set<String> = ["draft", "launched"]
    public static let campaignChannels: Set<String> = ["sms", "visit", "call", "coupon"]
    public static let contactOutcomes: Set<String> = ["reached", "no_answer", "refused", "coupon_redeemed"]
    public static let interactionKinds: Set<String> = ["visit", "call", "complaint", "feedback", "referral"]

    /// Longest text value, in UTF-8 bytes (the wire itself carries up to 4 MiB).
    public static let maxTextBytes = 1 << 20
    /// Longest primary-key value, in UTF-8 bytes.
    public static let maxKeyBytes = 4_096

    /// Columns that are not plain optional text, by table then column.
    private static let kinds: [String: [String: Kind]] = [
        "customers": [
            "channel": .oneOf(channels), "status": .oneOf(statuses), "opened_on": .date,
            "marketing_consent": .flag, "created_at": .timestamp,
        ],
        "products": [
            "price_tier": .oneOf(priceTiers), "category": .oneOf(categories), "unit_price": .number,
        ],
        "orders": [
            "ordered_at": .timestamp, "quantity": .integer, "amount": .number, "channel": .oneOf(channels),
        ],
        "interactions": ["at": .timestamp, "kind": .oneOf(interactionKinds)],
        "campaigns": [
            "holdout_pct": .number, "created_at": .timestamp, "starts_on": .date, "ends_on": .date,
            "status": .oneOf(campaignStatuses), "channel": .oneOf(campaignChannels), "attribution_days": .integer,
            "launched_on": .date, "launched_at": .timestamp, "goal": .shortText(256),
        ],
        "campaign_members": [
            "member_group": .oneOf(["target", "control"]), "assigned_at": .timestamp, "contacted_at": .timestamp,
            "outcome": .oneOf(contactOutcomes), "bucket": .integer, "note": .shortText(maxDescriptionBytes),
        ],
        "segments": [
            "created_at": .timestamp, "expression": .shortText(maxRuleBytes),
            "description": .shortText(maxDescriptionBytes),
        ],
    ]

    /// Columns a row may not leave NULL (an order without its customer or amount means nothing).
    private static let required: [String: Set<String>] = [
        "orders": ["customer_id", "ordered_at", "sku", "quantity", "amount"],
        "interactions": ["customer_id", "at", "kind"],
    ]

    /// What `column` of `table` holds.
    public static func kind(of column: String, in table: TableSchema) -> Kind {
        kinds[table.name]?[column] ?? .text
    }

    /// Why `value` cannot be stored in `column` of `table`, or nil when it can.
    public static func problem(with value: DatabaseValue, column: String, in table: TableSchema) -> String? {
        if value.isNull {
            return required[table.name]?.contains(column) == true ? "\(column) is required" : nil
        }
        let kind = kind(of: column, in: table)
        switch (kind, value.storage) {
        case (.integer, .int64), (.number, .int64):
            return nil
        case (.flag, .int64(let int)):
            return int == 0 || int == 1 ? nil : "\(column) \(int) is not 0 or 1"
        case (.number, .double(let double)):
            return double.isFinite ? nil : "\(column) \(double) is not a finite number"
        case (.integer, _), (.flag, _), (.number, _):
            return "\(column) holds \(describe(value)), not a number"
        case (_, .string(let text)):
            return problem(withText: text, column: column, kind: kind)
        default:
            return "\(column) holds \(describe(value)), not text"
        }
    }

    private static func problem(withText text: String, column: String, kind: Kind) -> String? {
        guard text.utf8.count <= maxTextBytes else {
            return "\(column) is \(text.utf8.count) bytes, more than the \(maxTextBytes) allowed"
        }
        switch kind {
        case .shortText(let limit):
            return text.utf8.count <= limit
                ? nil : "\(column) is \(text.utf8.count) bytes, more than the \(limit) allowed"
        case .oneOf(let allowed):
            return allowed.contains(text)
                ? nil : "\(column) '\(text.prefix(40))' is not one of \(allowed.sorted().joined(separator: ", "))"
        case .date:
            return text.utf8.count == 10 && Timestamps.days(ofDate: Substring(text)) != nil
                ? nil : "\(column) '\(text.prefix(40))' is not a date (YYYY-MM-DD)"
        case .timestamp:
            return Timestamps.millis(ofTimestamp: text) != nil
                ? nil : "\(column) '\(text.prefix(40))' is not an ISO 8601 timestamp"
        default:
            return nil
        }
    }

    /// Why `key` cannot be a primary key of `table`, or nil.
    public static func problem(withKey key: [String], in table: TableSchema) -> String? {
        guard key.count == table.keyColumns.count else {
            return "a key of \(key.count) values for \(table.keyColumns.count) key columns"
        }
        for (column, part) in zip(table.keyColumns, key) {
            if part.isEmpty { return "\(column) is empty" }
            if part.utf8.count > maxKeyBytes {
                return "\(column) is \(part.utf8.count) bytes, more than the \(maxKeyBytes) allowed"
            }
        }
        return nil
    }

    private static func describe(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return "NULL"
        case .int64: return "an integer"
        case .double: return "a real number"
        case .string: return "text"
        case .blob(let data): return "a \(data.count)-byte blob"
        }
    }
}
