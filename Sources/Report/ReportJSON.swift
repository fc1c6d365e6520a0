import Foundation

/// `outpost report --json`: the report's figures with snake_case keys in sorted order, so the same data gives
/// the same text (scripts and tests compare it).
public enum ReportJSON {
    public static func encode(_ data: ReportData) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .custom { path in SnakeKey(snakeCase(path.last!.stringValue)) }
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(data), as: UTF8.self)
    }

    /// `spend365` → `spend_365`, `meanRecencyDays` → `mean_recency_days`: the spelling of the `analytics`
    /// commands' JSON (a digit run after a letter is a word too); `convertFromSnakeCase` reads it back.
    static func snakeCase(_ name: String) -> String {
        var out = ""
        var previous: Character?
        for character in name {
            if character.isUppercase || (character.isNumber && previous.map { !$0.isNumber } == true) {
                out += "_"
            }
            out += character.lowercased()
            previous = character
        }
        return out
    }

    private struct SnakeKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public static func decode(_ text: String) throws -> ReportData {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(ReportData.self, from: Data(text.utf8))
    }
}
