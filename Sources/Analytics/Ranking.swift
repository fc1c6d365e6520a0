/// Rank statistics shared by RFM quintiles and star-score percentiles.
///
/// Both are defined on ranks that give equal values equal treatment, so the result never depends on the order in
/// which customers happen to be listed.
enum Ranking {
    /// For each value, the number of values strictly smaller (its 0-based minimum rank, as SQL `RANK() - 1`).
    static func strictlyBelow(_ values: [Double]) -> [Int] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var result = [Int](repeating: 0, count: values.count)
        var position = 0
        while position < order.count {
            var end = position
            while end + 1 < order.count && values[order[end + 1]] == values[order[position]] { end += 1 }
            for p in position...end { result[order[p]] = position }
            position = end + 1
        }
        return result
    }

    /// Bins 1...bins by minimum rank: `1 + floor(bins * below / n)`. Equal values share the lower bin.
    static func ntile(_ values: [Double], bins: Int) -> [Int] {
        let n = values.count
        return strictlyBelow(values).map { 1 + (bins * $0) / n }
    }

    /// Percentile ranks 0...100 by mid-rank: `100 * (below + (equal - 1) / 2) / (n - 1)`; 50 when n == 1.
    ///
    /// The smallest distinct value gets 0 unless tied, the largest 100 unless tied, and equal values share the mean
    /// of the ranks they span, so a dimension where everyone is equal contributes 50 to everyone.
    static func percentiles(_ values: [Double]) -> [Double] {
        let n = values.count
        guard n > 1 else { return [Double](repeating: 50, count: n) }
        let order = values.indices.sorted { values[$0] < values[$1] }
        var result = [Double](repeating: 0, count: n)
        var position = 0
        while position < n {
            var end = position
            while end + 1 < n && values[order[end + 1]] == values[order[position]] { end += 1 }
            let midRank = Double(position + end) / 2
            let percentile = 100 * midRank / Double(n - 1)
            for p in position...end { result[order[p]] = percentile }
            position = end + 1
        }
        return result
    }
}
