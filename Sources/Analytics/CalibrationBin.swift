/// One bin of a reliability table: customers whose predicted probability fell in `lower..<upper`, the mean
/// prediction and the share for whom the event happened. A calibrated model has the two close in every bin.
public struct CalibrationBin: Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    public var customers: Int
    /// Mean predicted probability in the bin; nil when it is empty.
    public var meanPredicted: Double?
    /// Share of the bin for whom the event happened; nil when it is empty.
    public var observed: Double?

    /// Ten bins of width 0.1 (the last includes 1).
    public static func table(probabilities: [Double], outcomes: [Bool], bins: Int = 10) -> [CalibrationBin] {
        precondition(probabilities.count == outcomes.count && bins >= 1)
        var sums = [Double](repeating: 0, count: bins)
        var hits = [Int](repeating: 0, count: bins)
        var counts = [Int](repeating: 0, count: bins)
        for (p, happened) in zip(probabilities, outcomes) {
            let b = min(max(Int(p * Double(bins)), 0), bins - 1)
            counts[b] += 1
            sums[b] += p
            if happened { hits[b] += 1 }
        }
        return (0..<bins).map { b in
            CalibrationBin(
                lower: Double(b) / Double(bins), upper: Double(b + 1) / Double(bins), customers: counts[b],
                meanPredicted: counts[b] > 0 ? sums[b] / Double(counts[b]) : nil,
                observed: counts[b] > 0 ? Double(hits[b]) / Double(counts[b]) : nil)
        }
    }

    /// Mean squared difference between prediction and outcome (0 perfect; 0.25 for always predicting ½).
    public static func brierScore(probabilities: [Double], outcomes: [Bool]) -> Double? {
        precondition(probabilities.count == outcomes.count)
        guard !outcomes.isEmpty else { return nil }
        var sum = 0.0
        for (p, happened) in zip(probabilities, outcomes) {
            let d = p - (happened ? 1 : 0)
            sum += d * d
        }
        return sum / Double(outcomes.count)
    }
}
