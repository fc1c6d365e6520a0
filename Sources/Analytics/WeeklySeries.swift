/// Weekly totals ending at an as-of day D: week `weeks − 1` is [D − 7, D), week `weeks − 2` is [D − 14, D − 7),
/// and so on back (docs/analytics.md, "Windows and as-of"). Returns net: a return's negative quantity subtracts.
public struct WeeklySeries: Sendable, Equatable {
    /// Oldest week first.
    public var values: [Double]

    public init(values: [Double]) {
        self.values = values
    }

    /// `weeks` weekly totals from (days before D, quantity) pairs; days before D count from 1 (the day before D).
    /// Pairs outside the weeks are ignored.
    public init(weeks: Int, daysBefore: [Int], quantities: [Double]) {
        precondition(daysBefore.count == quantities.count)
        var values = [Double](repeating: 0, count: max(0, weeks))
        for (days, quantity) in zip(daysBefore, quantities) where days >= 1 {
            let week = weeks - 1 - (days - 1) / 7
            if week >= 0 { values[week] += quantity }
        }
        self.values = values
    }

    /// The series from its first non-zero week (a product or region that started later has no history before).
    public var trimmed: WeeklySeries {
        WeeklySeries(values: Array(values.drop { $0 == 0 }))
    }
}
