/// Protection against CSV formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that starts with
/// `=`, `+`, `-`, `@`, tab or carriage return as a formula, so `=HYPERLINK("http://evil", "click")` typed into a
/// customer's name would run on the desk of whoever opens an export. CSV written by Outpost prefixes such a value
/// with a single quote (the spreadsheet then shows it as text); the import takes that quote off again, so an
/// export imports back to the same values.
///
/// Plain numbers (`-12.5`, `+3`, `1e5`) are left alone: they are not formulas and stay numbers. A value that
/// already starts with quotes before a formula character gets one more, so the round trip is exact for every
/// value:
///
/// ```swift
/// FormulaEscape.escaped("=1+1")        // "'=1+1"
/// FormulaEscape.escaped("-12.5")       // "-12.5"
/// FormulaEscape.unescaped("'=1+1")     // "=1+1"
/// ```
public enum FormulaEscape {
    /// The first characters a spreadsheet treats as the start of a formula.
    static let triggers: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// The value as it is safe to write into a CSV cell.
    public static func escaped(_ value: String) -> String {
        needsEscape(value) ? "'" + value : value
    }

    /// The value a CSV cell written by ``escaped(_:)`` stands for.
    public static func unescaped(_ cell: String) -> String {
        guard cell.utf8.first == UInt8(ascii: "'") else { return cell }
        let rest = String(cell.unicodeScalars.dropFirst())
        return needsEscape(rest) ? rest : cell
    }

    /// Whether the value, after any leading single quotes, starts with a formula character and is not a plain
    /// number.
    static func needsEscape(_ value: String) -> Bool {
        let rest = value.unicodeScalars.drop { $0 == "'" }
        guard let first = rest.first, triggers.contains(first) else { return false }
        return !isPlainNumber(rest)
    }

    /// Digits with an optional sign, decimal point and exponent, as `-12.5` or `+1e5`.
    static func isPlainNumber(_ scalars: Substring.UnicodeScalarView) -> Bool {
        let allowed = scalars.allSatisfy { ("0"..."9").contains($0) || "+-.eE".unicodeScalars.contains($0) }
        return allowed && Double(String(scalars)) != nil
    }
}
