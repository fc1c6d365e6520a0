/// Rank statistics of star-score percentiles.
///
/// Defined on ranks that give equal values equal treatment, so the result never depends on the order in which
/// customers happen to be listed.
enum Ranking {
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
