/// Output formats of `outpost export`.
public enum ExportFormat: String, Sendable, CaseIterable {
    case csv
    case json
}
