import GRDB

/// What each replicated column may hold: the one definition behind both CSV import and the check of
/// changes received from peers, so a value that import would reject cannot arrive by replication either
/// (a damaged page on one node must not spread to the others). Each table declares its columns' kinds
/// (``TableSchema/valueKinds``); the CRM's words and bounds live with its declarations (`CRMVocabulary`).
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

    /// Longest text value, in UTF-8 bytes (the wire itself carries up to 4 MiB).
    public static let maxTextBytes = 1 << 20
    /// Longest primary-key value, in UTF-8 bytes.
    public static let maxKeyBytes = 4_096

    /// What `column` of `table` holds.
    public static func kind(of column: String, in table: TableSchema) -> Kind {
        table.valueKinds[column] ?? .text
    }

    /// Why `value` cannot be stored in `column` of `table`, or nil when it can.
    public static func problem(with value: DatabaseValue, column: String, in table: TableSchema) -> String? {
        if value.isNull {
            return table.requiredColumns.contains(column) ? "\(column) is required" : nil
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
