import Foundation

extension KMeans {
    /// k-means++ seeding (Arthur & Vassilvitskii 2007): the first centre uniformly at random, each next one drawn
    /// with probability proportional to its squared distance to the nearest centre chosen so far (D² sampling).
    /// Like scikit-learn, each step draws `2 + ⌊ln k⌋` candidates and keeps the one that lowers the total squared
    /// distance most ("greedy" k-means++), which gives better starts at little cost.
    static func seedPlusPlus(
        _ x: UnsafePointer<Double>, n: Int, d: Int, k: Int, generator: inout SeededGenerator,
        workspace w: LloydWorkspace, parallel: Bool
    ) -> [Double] {
        var centres = [Double](repeating: 0, count: k * d)
        let first = generator.nextIndex(below: n)
        for j in 0..<d { centres[j] = x[first * d + j] }
        let closest = w.distances
        _ = updateClosest(x, to: x + first * d, d: d, workspace: w, parallel: parallel, initial: true)
        let trials = 2 + Int(log(Double(k)))
        for c in 1..<max(k, 1) {
            // Prefix sums for D² sampling by binary search.
            var running = 0.0
            for i in 0..<n {
                running += closest[i]
                w.cumulative[i] = running
            }
            var bestCandidate = -1
            var bestPotential = Double.infinity
            for _ in 0..<trials {
                let candidate =
                    running > 0
                    ? sample(below: generator.nextUnit() * running, n: n, w.cumulative)
                    : generator.nextIndex(below: n)
                let candidatePotential = potentialWith(
                    x, candidate: x + candidate * d, d: d, workspace: w,
                    parallel: parallel)
                if candidatePotential < bestPotential {
                    bestPotential = candidatePotential
                    bestCandidate = candidate
                }
            }
            for j in 0..<d { centres[c * d + j] = x[bestCandidate * d + j] }
            _ = updateClosest(
                x, to: x + bestCandidate * d, d: d, workspace: w, parallel: parallel,
                initial: false)
        }
        return centres
    }

    /// The first index whose prefix sum exceeds `target`.
    private static func sample(below target: Double, n: Int, _ cumulative: UnsafePointer<Double>) -> Int {
        var low = 0
        var high = n - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] > target { high = mid } else { low = mid + 1 }
        }
        return low
    }

    /// Sum over points of min(current nearest distance, distance to `candidate`), without changing anything.
    private static func potentialWith(
        _ x: UnsafePointer<Double>, candidate: UnsafePointer<Double>, d: Int, workspace w: LloydWorkspace,
        parallel: Bool
    ) -> Double {
        forEachChunk(count: w.n, chunkSize: chunkSize, parallel: parallel) { chunk, range in
            var sum = 0.0
            for i in range { sum += min(w.distances[i], squaredDistance(x + i * d, candidate, d)) }
            w.partials[chunk] = sum
        }
        var total = 0.0
        for chunk in 0..<w.chunks { total += w.partials[chunk] }
        return total
    }

    /// Lowers each point's nearest-centre distance by the new centre and returns their sum.
    private static func updateClosest(
        _ x: UnsafePointer<Double>, to centre: UnsafePointer<Double>, d: Int, workspace w: LloydWorkspace,
        parallel: Bool, initial: Bool
    ) -> Double {
        forEachChunk(count: w.n, chunkSize: chunkSize, parallel: parallel) { chunk, range in
            var sum = 0.0
            for i in range {
                let dist = squaredDistance(x + i * d, centre, d)
                let nearest = initial ? dist : min(w.distances[i], dist)
                w.distances[i] = nearest
                sum += nearest
            }
            w.partials[chunk] = sum
        }
        var total = 0.0
        for chunk in 0..<w.chunks { total += w.partials[chunk] }
        return total
    }
}
