/// Counts of one import: every record read ends in exactly one of the other counts.
public struct ImportSummary: Sendable, Codable, Equatable {
    public var file: String
    public var table: String
    public var read = 0
    /// New rows.
    public var imported = 0
    /// Existing rows whose values changed (mutable tables).
    public var updated = 0
    /// Existing rows with identical values: nothing captured.
    public var unchanged = 0
    /// Append-only rows whose id is already present.
    public var skipped = 0
    public var rejected = 0
    /// The first rejections, with their line numbers (all of them go to the rejects file).
    public var rejections: [Rejection] = []

    public struct Rejection: Sendable, Codable, Equatable {
        /// Physical line (1-based, header is line 1) where the record starts.
        public var line: Int
        public var reason: String
    }

    public var line: String {
        "\(file): read \(read), imported \(imported), updated \(updated), unchanged \(unchanged), "
            + "skipped \(skipped), rejected \(rejected)"
    }
}
