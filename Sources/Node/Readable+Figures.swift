import Foundation

extension Readable {
    /// A CNY amount rounded to whole yuan with thousands separators: `1,234,568`.
    public static func amount(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        return count(Int(value.rounded()))
    }

    /// A share 0...1 as a percentage with one decimal: `12.5%`.
    public static func percent(_ share: Double) -> String {
        guard share.isFinite else { return "-" }
        return String(format: "%.1f%%", share * 100)
    }

    /// A number with a fixed count of decimals, thousands separated: `1,234.57`.
    public static func decimal(_ value: Double, places: Int = 2) -> String {
        guard value.isFinite else { return "-" }
        let text = String(format: "%.\(places)f", abs(value))
        let parts = text.split(separator: ".", maxSplits: 1)
        let whole = count(Int(parts[0]) ?? 0)
        let sign = value < 0 && text.contains(where: { $0 != "0" && $0 != "." }) ? "-" : ""
        return sign + whole + (parts.count > 1 ? "." + parts[1] : "")
    }
}
