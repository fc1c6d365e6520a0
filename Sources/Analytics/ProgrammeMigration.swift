/// How customers moved between two consecutive quarter ends of the star programme: counts from each standing
/// at the earlier end (`new`, `basic`, `potential`, `value`) to each at the later one (`basic`, `potential`,
/// `value`, `gone`).
public struct ProgrammeMigration: Sendable, Equatable {
    public typealias Standing = StarProgramme.Standing

    /// Label of the earlier and the later quarter end.
    public var from: String
    public var to: String
    private var counts: [Standing: [Standing: Int]] = [:]

    /// Standings a row can have: the earlier end.
    public static let rows: [Standing] = [.new, .basic, .potential, .value]
    /// Standings a column can have: the later end.
    public static let columns: [Standing] = [.basic, .potential, .value, .gone]

    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }

    mutating func add(from before: Standing, to after: Standing) {
        counts[before, default: [:]][after, default: 0] += 1
    }

    /// Customers who went from `before` to `after`.
    public func count(_ before: Standing, _ after: Standing) -> Int { counts[before]?[after] ?? 0 }

    /// Customers in row `before`.
    public func rowTotal(_ before: Standing) -> Int { counts[before]?.values.reduce(0, +) ?? 0 }

    /// `count(before, after)` / `rowTotal(before)`; nil for an empty row.
    public func share(_ before: Standing, _ after: Standing) -> Double? {
        let total = rowTotal(before)
        return total > 0 ? Double(count(before, after)) / Double(total) : nil
    }
}
