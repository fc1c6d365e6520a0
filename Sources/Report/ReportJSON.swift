import Foundation

/// `outpost report --json`: the report's figures with snake_case keys in sorted order, so the same data gives
/// the same text (scripts and tests compare it).
public enum ReportJSON {
    public static func encode(_ data: ReportData) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(data), as: UTF8.self)
    }

    public static func decode(_ text: String) throws -> ReportData {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(ReportData.self, from: Data(text.utf8))
    }
}
