/// Output formats of `outpost export`. CSV is the import format, with formula-like cells neutralised
/// (``FormulaEscape``); JSON carries values exactly.
public enum ExportFormat: String, Sendable, CaseIterable {
    case csv
    case json
}
