import Foundation

/// The silhouette coefficient (Rousseeuw 1987) of a labelled point set, Euclidean distance.
///
/// For point i with a = mean distance to the other points of its cluster and b = the smallest mean distance to the
/// points of another cluster, s(i) = (b − a) / max(a, b); s(i) = 0 when i is alone in its cluster. The score is
/// the mean of s(i) over the points considered.
public enum Silhouette {
    /// Mean silhouette over the points at `sample` (all points when nil), using only those points as neighbours.
    ///
    /// Cost is quadratic in the sample size, hence the sample.
    public static func score(_ points: FeatureMatrix, labels: [Int], sample: [Int]? = nil, parallel: Bool = true)
        -> Double
    {
        let indices = sample ?? Array(0..<points.rows)
        let m = indices.count
        guard m > 1 else { return 0 }
        let k = (indices.map { labels[$0] }.max() ?? 0) + 1
        let d = points.dimension
        var members = [Int](repeating: 0, count: k)
        for i in indices { members[labels[i]] += 1 }
        var values = [Double](repeating: 0, count: m)
        points.values.withUnsafeBufferPointer { buffer in
            let x = buffer.baseAddress!
            values.withUnsafeMutableBufferPointer { out in
                let out = out.baseAddress!
                forEachChunk(count: m, chunkSize: 64, parallel: parallel) { _, range in
                    var sums = [Double](repeating: 0, count: k)
                    for a in range {
                        for c in 0..<k { sums[c] = 0 }
                        let pa = x + indices[a] * d
                        for b in 0..<m where b != a {
                            sums[labels[indices[b]]] += squaredDistance(pa, x + indices[b] * d, d).squareRoot()
                        }
                        let own = labels[indices[a]]
                        guard members[own] > 1 else {
                            out[a] = 0
                            continue
                        }
                        let within = sums[own] / Double(members[own] - 1)
                        var nearest = Double.infinity
                        for c in 0..<k where c != own && members[c] > 0 {
                            nearest = min(nearest, sums[c] / Double(members[c]))
                        }
                        let denominator = max(within, nearest)
                        out[a] = nearest.isFinite && denominator > 0 ? (nearest - within) / denominator : 0
                    }
                }
            }
        }
        return values.reduce(0, +) / Double(m)
    }

    /// Up to `size` distinct row indices drawn uniformly without replacement, in ascending order.
    public static func sampleIndices(count n: Int, size: Int, generator: inout SeededGenerator) -> [Int] {
        guard size < n else { return Array(0..<n) }
        var pool = Array(0..<n)
        // Partial Fisher–Yates: the first `size` slots become the sample.
        for i in 0..<size {
            let j = i + generator.nextIndex(below: n - i)
            pool.swapAt(i, j)
        }
        return pool[0..<size].sorted()
    }
}
