/// Settings of a k-means fit.
public struct KMeansOptions: Sendable, Equatable {
    /// Independent k-means++ starts; the fit with the lowest inertia wins (default 4).
    public var restarts: Int
    /// Lloyd iterations per start (default 300).
    public var maxIterations: Int
    /// Convergence when the summed squared centroid shift is at most `tolerance` × the mean per-feature variance of
    /// the data (default 1e-4, the same rule as scikit-learn), or when no label changes.
    public var tolerance: Double
    /// Seed of the ``SeededGenerator``: same seed, same data, same result.
    public var seed: UInt64
    /// Split the assignment step over cores. Results do not depend on it (fixed chunking).
    public var parallel: Bool

    public init(
        restarts: Int = 4, maxIterations: Int = 300, tolerance: Double = 1e-4, seed: UInt64 = 0,
        parallel: Bool = true
    ) {
        precondition(restarts >= 1 && maxIterations >= 1 && tolerance >= 0)
        self.restarts = restarts
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.seed = seed
        self.parallel = parallel
    }
}

/// A fitted k-means clustering.
public struct KMeansModel: Sendable, Equatable {
    /// k rows, one centroid each, in the coordinates of the fitted points.
    public var centroids: FeatureMatrix
    /// Cluster 0..<k of every point.
    public var labels: [Int]
    /// Points per cluster.
    public var sizes: [Int]
    /// Sum of squared distances of points to their centroid.
    public var inertia: Double
    /// Lloyd iterations of the winning start.
    public var iterations: Int
}

/// k-means: k-means++ seeding (Arthur & Vassilvitskii 2007, with greedy local trials) and Lloyd iterations.
///
/// ```swift
/// let model = KMeans.fit(FeatureMatrix(values: xs, dimension: 6), k: 8, options: KMeansOptions(seed: 0))
/// ```
public enum KMeans {
    /// Points per parallel work item; fixed so results never depend on the core count.
    static let chunkSize = 16_384

    /// Clusters the rows of `points` into `k` groups (1 ≤ k ≤ rows).
    public static func fit(_ points: FeatureMatrix, k: Int, options: KMeansOptions = KMeansOptions()) -> KMeansModel {
        let n = points.rows
        let d = points.dimension
        precondition(k >= 1 && k <= n, "k must be in 1...\(n)")
        let absoluteTolerance = options.tolerance * meanVariance(points)
        var master = SeededGenerator(seed: options.seed)
        var best: KMeansModel?
        points.values.withUnsafeBufferPointer { buffer in
            let x = buffer.baseAddress!
            let workspace = LloydWorkspace(n: n, d: d, k: k)
            defer { workspace.deallocate() }
            for _ in 0..<options.restarts {
                var generator = SeededGenerator(seed: master.next())
                var centres = seedPlusPlus(
                    x, n: n, d: d, k: k, generator: &generator, workspace: workspace,
                    parallel: options.parallel)
                let (inertia, iterations) = lloyd(
                    x, centres: &centres, workspace: workspace, maxIterations: options.maxIterations,
                    tolerance: absoluteTolerance, parallel: options.parallel)
                if best == nil || inertia < best!.inertia {
                    let labels = (0..<n).map { Int(workspace.labels[$0]) }
                    var sizes = [Int](repeating: 0, count: k)
                    for label in labels { sizes[label] += 1 }
                    best = KMeansModel(
                        centroids: FeatureMatrix(values: centres, dimension: d), labels: labels, sizes: sizes,
                        inertia: inertia, iterations: iterations)
                }
            }
        }
        return best!
    }

    /// Mean over features of the population variance, the scale of the convergence tolerance.
    static func meanVariance(_ points: FeatureMatrix) -> Double {
        let n = points.rows
        let d = points.dimension
        var mean = [Double](repeating: 0, count: d)
        var m2 = [Double](repeating: 0, count: d)
        // Welford per column: one pass, numerically stable.
        for i in 0..<n {
            for j in 0..<d {
                let v = points.values[i * d + j]
                let delta = v - mean[j]
                mean[j] += delta / Double(i + 1)
                m2[j] += delta * (v - mean[j])
            }
        }
        return m2.reduce(0, +) / Double(n) / Double(d)
    }
}

/// Buffers reused by every start and iteration of one fit, so the hot loops never allocate.
struct LloydWorkspace {
    let n: Int
    let d: Int
    let k: Int
    let chunks: Int
    /// Per chunk: k × d coordinate sums, k counts, inertia, changed-label count.
    let stride: Int
    let partials: UnsafeMutablePointer<Double>
    let labels: UnsafeMutablePointer<Int32>
    /// Squared distance of each point to its centre (or to the nearest seed while seeding).
    let distances: UnsafeMutablePointer<Double>
    /// Prefix sums of `distances`, for D² sampling.
    let cumulative: UnsafeMutablePointer<Double>

    init(n: Int, d: Int, k: Int) {
        self.n = n
        self.d = d
        self.k = k
        chunks = (n + KMeans.chunkSize - 1) / KMeans.chunkSize
        stride = k * d + k + 2
        partials = .allocate(capacity: chunks * stride)
        labels = .allocate(capacity: n)
        distances = .allocate(capacity: n)
        cumulative = .allocate(capacity: n)
    }

    func deallocate() {
        partials.deallocate()
        labels.deallocate()
        distances.deallocate()
        cumulative.deallocate()
    }
}
