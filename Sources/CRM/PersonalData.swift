import GRDB

/// The personal fields of a customer (PIPL: a retailer is mostly a sole proprietor, so its owner's name, phone,
/// address and licence number identify a person) and how they are masked wherever Outpost prints or exports them.
///
/// Masking is by column name, whatever the table or query, so a new report that selects `c.phone` is masked
/// too. Rules (docs/privacy.md), on characters, never bytes, so Chinese text is cut between characters:
/// - `phone`: the first 3 and last 4 characters stay, the rest become `*` (`13812341234` → `138****1234`);
///   shorter than 8: the last 2 stay when there are at least 5, else all are `*`.
/// - `licence_no`: only the last 4 stay (same short rule).
/// - `owner`: the first character and one `*` per other character (`张三` → `张*`, `Li Wei` → `L*****`); a
///   one-character name becomes `*`.
/// - `address`: cut after the district — the first `区`, `县` or `旗` (not the `区` of `自治区` or `特别行政区`),
///   else the first `市` — and `***` appended (`浙江省杭州市西湖区文三路90号` → `浙江省杭州市西湖区***`); an
///   address without such a mark (e.g. Latin script) keeps only what follows its last comma (`12 Main St,
///   Springfield` → `***, Springfield`), else it is all `***`.
///
/// Empty and NULL values stay as they are; a non-text value of a personal column is printed as `***`.
public enum PersonalData {
    /// Whether a command shows personal fields as stored (`--unmask`, or the call list) or masked (the default).
    public enum Display: Sendable, Equatable {
        case masked
        case shown
    }

    /// The personal columns of `customers`, masked wherever they are printed.
    public static let columns: Set<String> = ["phone", "owner", "address", "licence_no"]

    public static func isPersonal(_ column: String) -> Bool { columns.contains(column) }

    /// A value as `display` shows it in `column`: masked when the column is personal and `display` is `.masked`.
    public static func display(_ value: DatabaseValue, column: String, _ display: Display) -> DatabaseValue {
        guard display == .masked, isPersonal(column) else { return value }
        switch value.storage {
        case .null: return value
        case .string(let text): return mask(text, column: column).databaseValue
        case .int64, .double, .blob: return "***".databaseValue
        }
    }

    /// The masked text of a personal column's value; other columns' values unchanged.
    public static func mask(_ text: String, column: String) -> String {
        guard !text.isEmpty else { return text }
        switch column {
        case "phone": return keeping(text, first: 3, last: 4)
        case "licence_no": return keeping(text, first: 0, last: 4)
        case "owner": return maskName(text)
        case "address": return maskAddress(text)
        default: return text
        }
    }

    /// `first` and `last` characters kept, the rest `*`; under 8 characters, at most the last 2 kept.
    static func keeping(_ text: String, first: Int, last: Int) -> String {
        let characters = Array(text)
        let count = characters.count
        let (head, tail) = count >= 8 ? (first, last) : (0, count >= 5 ? 2 : 0)
        return String(characters[..<head]) + String(repeating: "*", count: count - head - tail)
            + String(characters[(count - tail)...])
    }

    static func maskName(_ text: String) -> String {
        let characters = Array(text)
        return characters.count == 1 ? "*" : String(characters[0]) + String(repeating: "*", count: characters.count - 1)
    }

    static func maskAddress(_ text: String) -> String {
        let characters = Array(text)
        if let end = districtEnd(characters) {
            return String(characters[...end]) + (end + 1 < characters.count ? "***" : "")
        }
        if let comma = characters.lastIndex(where: { $0 == "," || $0 == "，" }) {
            let locality = String(characters[(comma + 1)...]).trimmingSpaces
            if !locality.isEmpty { return "***, " + locality }
        }
        return "***"
    }

    /// Index of the character that ends the district part of a Chinese address, if any.
    static func districtEnd(_ characters: [Character]) -> Int? {
        for (index, character) in characters.enumerated() where ["区", "县", "旗"].contains(character) {
            let before = String(characters[..<index])
            if character == "区" && (before.hasSuffix("自治") || before.hasSuffix("行政")) { continue }
            return index
        }
        return characters.firstIndex(of: "市")
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
