/// One customer's RFM inputs, scores and segment.
public struct RFMScore: Sendable, Equatable {
    /// Position of the customer in the ``CustomerFeatures`` table.
    public var index: Int
    public var id: String
    /// The inputs the scores were computed from: days since the last order, the frequency count and the spend.
    public var recencyDays: Double
    public var frequencyCount: Double
    public var spend: Double
    /// 1...bins, most recent gets the highest score.
    public var recency: Int
    /// 1...bins, highest frequency count gets the highest score.
    public var frequency: Int
    /// 1...bins, highest spend gets the highest score.
    public var monetary: Int
    /// `100 * recency + 10 * frequency + monetary`.
    public var score: Int { 100 * recency + 10 * frequency + monetary }
    public var segment: String
}

/// The outcome of an RFM run.
public struct RFMResult: Sendable {
    /// Customers with inputs (by default an order day in the window), in table order.
    public var scores: [RFMScore]
    /// Ids of customers without inputs: they are not ranked, and reported apart.
    public var withoutOrders: [String]

    /// Customers per segment, in the segment table's order, then the "other" name; empty segments included.
    public func segmentCounts(table: RFMSegmentTable = .rfm030) -> [(segment: String, customers: Int)] {
        var counts: [String: Int] = [:]
        for score in scores { counts[score.segment, default: 0] += 1 }
        return (table.rules.map(\.name) + [table.otherName]).map { ($0, counts[$0] ?? 0) }
    }

    /// The best-scored customers first: by RFM score, then spend, then id (ascending), at most `limit`.
    public func ranked(limit: Int = .max) -> [RFMScore] {
        Array(
            scores.sorted { ($0.score, $0.spend, $1.id) > ($1.score, $1.spend, $0.id) }.prefix(max(limit, 0)))
    }
}

/// Per customer, what RFM scores: any subset of a ``CustomerFeatures`` table with its three inputs.
public struct RFMInputs: Sendable, Equatable {
    /// Positions in the feature table of the customers that are scored.
    public var indices: [Int]
    /// Days since the last order, one per entry of `indices`.
    public var recencyDays: [Double]
    /// The frequency count (order days, or order lines).
    public var frequency: [Double]
    /// Spend, CNY.
    public var monetary: [Double]

    public init(indices: [Int], recencyDays: [Double], frequency: [Double], monetary: [Double]) {
        precondition(recencyDays.count == indices.count && frequency.count == indices.count)
        precondition(monetary.count == indices.count)
        self.indices = indices
        self.recencyDays = recencyDays
        self.frequency = frequency
        self.monetary = monetary
    }

    /// The default inputs, as `rfm_table_customer` would be given them: customers with an order day in the feature
    /// window; recency = days since the last order day, frequency = distinct order days in the window, monetary =
    /// net spend in the window.
    public init(_ features: CustomerFeatures) {
        let ranked = (0..<features.count).filter { features.frequency[$0] > 0 }
        self.init(
            indices: ranked, recencyDays: ranked.map { features.recencyDays[$0] },
            frequency: ranked.map { features.frequency[$0] }, monetary: ranked.map { features.monetary[$0] })
    }
}

/// RFM scoring (recency, frequency, monetary) exactly as the R package `rfm` 0.3.0 scores
/// (`rfm_table_customer` / `rfm_table_order`), with the named segments of its documentation.
///
/// For each of the three values: the cuts are the type-7 quantiles at 1/bins, 2/bins, … plus 1; the bins are the
/// half-open intervals [min, cut₁), [cut₁, cut₂), …, [cut_last, max + 1); frequency and monetary score the bin's
/// number, recency the reverse (fewer days is better). See docs/analytics.md, "RFM".
public enum RFMAnalysis {
    /// Scores every customer with an order day in the window (``RFMInputs/init(_:)``) and assigns segments.
    public static func run(
        _ features: CustomerFeatures, bins: Int = 5, segments: RFMSegmentTable = .rfm030
    ) -> RFMResult {
        run(features, inputs: RFMInputs(features), bins: bins, segments: segments)
    }

    /// Scores the given inputs; customers of `features` not in them are listed in `withoutOrders`.
    public static func run(
        _ features: CustomerFeatures, inputs: RFMInputs, bins: Int = 5, segments: RFMSegmentTable = .rfm030
    ) -> RFMResult {
        precondition(features.isConsistent)
        precondition(bins >= 1)
        var scored = [Bool](repeating: false, count: features.count)
        for i in inputs.indices { scored[i] = true }
        let withoutOrders = (0..<features.count).filter { !scored[$0] }.map { features.ids[$0] }
        guard !inputs.indices.isEmpty else { return RFMResult(scores: [], withoutOrders: withoutOrders) }
        // Spend is compared with cuts one unit apart: round it to the cent so that the order in which amounts
        // were summed cannot move a customer across a cut.
        let spend = inputs.monetary.map { ($0 * 100).rounded() / 100 }
        let r = scores(inputs.recencyDays, bins: bins, reversed: true)
        let f = scores(inputs.frequency, bins: bins, reversed: false)
        let m = scores(spend, bins: bins, reversed: false)
        let result = inputs.indices.indices.map { k in
            let i = inputs.indices[k]
            return RFMScore(
                index: i, id: features.ids[i], recencyDays: inputs.recencyDays[k], frequencyCount: inputs.frequency[k],
                spend: spend[k], recency: r[k], frequency: f[k], monetary: m[k],
                segment: segments.segment(recency: r[k], frequency: f[k], monetary: m[k]))
        }
        return RFMResult(scores: result, withoutOrders: withoutOrders)
    }

    /// rfm 0.3.0's scores of one variable (`bins` in R/utils.R, the scoring loop of `rfm_prep_bins`).
    ///
    /// Cuts = type-7 quantiles at the inner points of `seq(0, 1, length.out = bins + 1)`, plus 1. Lower bounds
    /// (min, cuts…), upper bounds (cuts…, max + 1); for bin 1…bins in turn, every value with lower ≤ value < upper
    /// takes that bin (a later bin overwrites an earlier one). Score = bin, or bins + 1 − bin when `reversed`.
    public static func scores(_ values: [Double], bins: Int, reversed: Bool) -> [Int] {
        precondition(bins >= 1)
        guard let low = values.min(), let high = values.max() else { return [] }
        let sorted = values.sorted()
        // R's seq(0, 1, length.out = bins + 1): k * (1 / bins), so 3 * 0.2 is 0.6000000000000001 as in R.
        let step = 1.0 / Double(bins)
        let cuts = (1..<bins).map { quantile7(sorted, Double($0) * step) + 1 }
        let lower = [low] + cuts
        let upper = cuts + [high + 1]
        var result = [Int](repeating: 0, count: values.count)
        for bin in 0..<bins {
            let score = reversed ? bins - bin : bin + 1
            for (k, v) in values.enumerated() where v >= lower[bin] && v < upper[bin] { result[k] = score }
        }
        return result
    }

    /// R's `quantile(x, p, type = 7)` of sorted values, with R's operations: index = 1 + (n − 1)p,
    /// q = x[⌊index⌋], and where index > ⌊index⌋ and x[⌈index⌉] ≠ q, q = (1 − h)q + h·x[⌈index⌉], h = index − ⌊index⌋.
    static func quantile7(_ sorted: [Double], _ p: Double) -> Double {
        let index = 1 + Double(sorted.count - 1) * p
        let lo = index.rounded(.down)
        let hi = index.rounded(.up)
        var q = sorted[Int(lo) - 1]
        let upper = sorted[Int(hi) - 1]
        if index > lo && upper != q {
            let h = index - lo
            q = (1 - h) * q + h * upper
        }
        return q
    }
}
