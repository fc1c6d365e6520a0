/// How the page writes figures: fixed, locale-free, so the same data gives the same bytes on every machine,
/// and tests can recompute a cell's text from the JSON figure.
public enum ReportFormat {
    /// `12,345`.
    public static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { out += "," }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// CNY rounded to the yuan: `1,234,567`.
    public static func amount(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        return count(Int(value.rounded()))
    }

    /// `12.3%` (one decimal) of a share in 0...1.
    public static func percent(_ share: Double?) -> String {
        guard let share, share.isFinite else { return "-" }
        return decimal(share * 100, places: 1) + "%"
    }

    /// A signed difference of proportions in percentage points: `+2.1 pp`.
    public static func points(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "-" }
        return (value >= 0 ? "+" : "") + decimal(value * 100, places: 1) + " pp"
    }

    /// Fixed decimals, half away from zero, no grouping: `3.5`.
    public static func decimal(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return "-" }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let negative = value < 0 && scaled > 0
        let whole = Int(scaled / scale)
        var text = count(whole)
        if places > 0 {
            let fraction = Int(scaled - Double(whole) * scale)
            let padded = String(fraction)
            text += "." + String(repeating: "0", count: places - padded.count) + padded
        }
        return (negative ? "-" : "") + text
    }

    /// A p-value: `<0.0001` or four decimals.
    public static func pValue(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "-" }
        return value < 0.0001 ? "<0.0001" : decimal(value, places: 4)
    }
}
