import Foundation

/// A customer feature k-means can cluster on.
public enum ClusterFeature: String, Sendable, CaseIterable, Codable {
    case recency
    case frequency
    case monetary
    case averageBasket
    case premiumShare
    case tenure

    /// The default six: recency, frequency, monetary, average basket, premium share, tenure.
    public static let standard: [ClusterFeature] = allCases

    /// Frequency and monetary are heavily right-skewed, so they are clustered as log1p (SPEC §7).
    public var usesLog1p: Bool { self == .frequency || self == .monetary }

    func value(_ f: CustomerFeatures, _ i: Int) -> Double {
        switch self {
        case .recency: f.recencyDays[i]
        case .frequency: f.frequency[i]
        case .monetary: f.monetary[i]
        case .averageBasket: f.averageBasket[i]
        case .premiumShare: f.premiumShare[i]
        case .tenure: f.tenureDays[i]
        }
    }
}

/// How many clusters to make.
public enum ClusterCount: Sendable, Equatable {
    case fixed(Int)
    /// The k in the range with the highest silhouette on a sample (ties: the smaller k).
    case auto(ClosedRange<Int>)
}

/// The clusters of the customers with orders.
public struct CustomerClusters: Sendable {
    public var features: [ClusterFeature]
    public var k: Int
    /// Customers per cluster.
    public var sizes: [Int]
    /// Cluster centres in original units (days, CNY, share), one row per cluster, columns as `features`.
    public var centroids: [[Double]]
    /// Cluster of each customer in table order; nil for customers without orders (not clustered).
    public var assignments: [Int?]
    /// Sum of squared distances in standardised units.
    public var inertia: Double
    /// Silhouette per k tried (only for `.auto`), on the standardised sample.
    public var silhouettes: [Int: Double]
}

/// k-means over standardised customer features.
///
/// Each feature is transformed (log1p for frequency and monetary), then standardised to z = (v − mean) / sd with
/// the population sd (sd 0 → 1). Centroids are mapped back: v = z·sd + mean, then expm1 where log1p was applied, so
/// a monetary centroid is the geometric-type mean exp(mean ln(1 + m)) − 1 of its cluster, not the arithmetic mean.
public enum CustomerClustering {
    /// Clusters every customer with `hasOrders`.
    public static func run(
        _ table: CustomerFeatures, count: ClusterCount = .fixed(8),
        features: [ClusterFeature] = ClusterFeature.standard,
        options: KMeansOptions = KMeansOptions(), silhouetteSample: Int = 2_000
    ) -> CustomerClusters {
        precondition(table.isConsistent && !features.isEmpty)
        let members = (0..<table.count).filter { table.hasOrders[$0] }
        let d = features.count
        var values = [Double](repeating: 0, count: members.count * d)
        for (row, i) in members.enumerated() {
            for (j, feature) in features.enumerated() {
                let v = feature.value(table, i)
                values[row * d + j] = feature.usesLog1p ? log1p(max(v, 0)) : v
            }
        }
        let scaling = Standardisation(fitting: &values, dimension: d)
        let points = FeatureMatrix(values: values, dimension: d)
        var silhouettes: [Int: Double] = [:]
        let k: Int
        switch count {
        case .fixed(let fixed):
            k = min(fixed, members.count)
        case .auto(let range):
            var generator = SeededGenerator(seed: options.seed ^ 0x5111_0E77E)
            let sample = Silhouette.sampleIndices(count: members.count, size: silhouetteSample, generator: &generator)
            var bestK = min(range.lowerBound, members.count)
            var bestScore = -Double.infinity
            for candidate in range where candidate >= 2 && candidate < members.count {
                let model = KMeans.fit(points, k: candidate, options: options)
                let score = Silhouette.score(points, labels: model.labels, sample: sample, parallel: options.parallel)
                silhouettes[candidate] = score
                if score > bestScore {
                    bestScore = score
                    bestK = candidate
                }
            }
            k = bestK
        }
        guard k >= 1 else {
            return CustomerClusters(
                features: features, k: 0, sizes: [], centroids: [],
                assignments: Array(repeating: nil, count: table.count),
                inertia: 0, silhouettes: silhouettes)
        }
        let model = KMeans.fit(points, k: k, options: options)
        var assignments = [Int?](repeating: nil, count: table.count)
        for (row, i) in members.enumerated() { assignments[i] = model.labels[row] }
        let centroids = (0..<k).map { c in
            let z = model.centroids.row(c)
            return (0..<d).map { j in
                let v = scaling.invert(z[j], feature: j)
                return features[j].usesLog1p ? expm1(v) : v
            }
        }
        return CustomerClusters(
            features: features, k: k, sizes: model.sizes, centroids: centroids, assignments: assignments,
            inertia: model.inertia, silhouettes: silhouettes)
    }
}

/// Per-column z-scores, invertible.
struct Standardisation {
    var means: [Double]
    var deviations: [Double]

    /// Learns means and population sds of the row-major `values` and standardises them in place.
    init(fitting values: inout [Double], dimension d: Int) {
        let n = values.count / d
        means = [Double](repeating: 0, count: d)
        deviations = [Double](repeating: 1, count: d)
        guard n > 0 else { return }
        for i in 0..<n { for j in 0..<d { means[j] += values[i * d + j] } }
        for j in 0..<d { means[j] /= Double(n) }
        var squares = [Double](repeating: 0, count: d)
        for i in 0..<n {
            for j in 0..<d {
                let delta = values[i * d + j] - means[j]
                squares[j] += delta * delta
            }
        }
        for j in 0..<d {
            let sd = (squares[j] / Double(n)).squareRoot()
            deviations[j] = sd > 0 ? sd : 1
        }
        for i in 0..<n { for j in 0..<d { values[i * d + j] = (values[i * d + j] - means[j]) / deviations[j] } }
    }

    func invert(_ z: Double, feature j: Int) -> Double { z * deviations[j] + means[j] }
}
