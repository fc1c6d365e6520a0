extension KMeans {
    /// Lloyd iterations from `centres` (k × d, updated in place). Leaves final labels and distances in the workspace
    /// and returns the inertia of the final centres and the number of iterations.
    static func lloyd(
        _ x: UnsafePointer<Double>, centres: inout [Double], workspace w: LloydWorkspace, maxIterations: Int,
        tolerance: Double, parallel: Bool
    ) -> (inertia: Double, iterations: Int) {
        let (d, k) = (w.d, w.k)
        for i in 0..<w.n { w.labels[i] = -1 }
        var sums = [Double](repeating: 0, count: k * d)
        var counts = [Double](repeating: 0, count: k)
        var iterations = 0
        var settled = false
        while iterations < maxIterations {
            iterations += 1
            let (_, changed) = assign(
                x, centres: centres, workspace: w, parallel: parallel, sums: &sums, counts: &counts)
            if changed == 0 {
                // Same labels as the last pass: the centres are already their means.
                settled = true
                break
            }
            var shift = 0.0
            for c in 0..<k where counts[c] > 0 {
                for j in 0..<d {
                    let updated = sums[c * d + j] / counts[c]
                    let delta = updated - centres[c * d + j]
                    shift += delta * delta
                    centres[c * d + j] = updated
                }
            }
            shift += relocateEmpty(x, centres: &centres, counts: counts, workspace: w)
            if shift <= tolerance { break }
        }
        if settled {
            var inertia = 0.0
            for i in 0..<w.n { inertia += w.distances[i] }
            return (inertia, iterations)
        }
        // The centres moved after the last assignment: label once more so labels and inertia match them.
        let (inertia, _) = assign(x, centres: centres, workspace: w, parallel: parallel, sums: &sums, counts: &counts)
        return (inertia, iterations)
    }

    /// Moves each empty cluster's centre onto the point farthest from its own centre; returns the squared shift.
    private static func relocateEmpty(
        _ x: UnsafePointer<Double>, centres: inout [Double], counts: [Double], workspace w: LloydWorkspace
    ) -> Double {
        var shift = 0.0
        for c in 0..<w.k where counts[c] == 0 {
            var far = 0
            for i in 1..<w.n where w.distances[i] > w.distances[far] { far = i }
            for j in 0..<w.d {
                let delta = x[far * w.d + j] - centres[c * w.d + j]
                shift += delta * delta
                centres[c * w.d + j] = x[far * w.d + j]
            }
            w.distances[far] = 0
        }
        return shift
    }

    /// Labels every point with its nearest centre and sums coordinates per cluster.
    /// Returns the inertia and how many labels changed.
    static func assign(
        _ x: UnsafePointer<Double>, centres: [Double], workspace w: LloydWorkspace, parallel: Bool,
        sums: inout [Double], counts: inout [Double]
    ) -> (inertia: Double, changed: Int) {
        let (d, k, stride) = (w.d, w.k, w.stride)
        centres.withUnsafeBufferPointer { centreBuffer in
            let cp = centreBuffer.baseAddress!
            forEachChunk(count: w.n, chunkSize: chunkSize, parallel: parallel) { chunk, range in
                let partial = w.partials + chunk * stride
                partial.initialize(repeating: 0, count: stride)
                let counts = partial + k * d
                var inertia = 0.0
                var changed = 0.0
                for i in range {
                    let xi = x + i * d
                    var best = Double.infinity
                    var bestCentre = 0
                    for c in 0..<k {
                        let dist = squaredDistance(xi, cp + c * d, d)
                        if dist < best {
                            best = dist
                            bestCentre = c
                        }
                    }
                    if w.labels[i] != Int32(bestCentre) {
                        changed += 1
                        w.labels[i] = Int32(bestCentre)
                    }
                    w.distances[i] = best
                    inertia += best
                    let sum = partial + bestCentre * d
                    for j in 0..<d { sum[j] += xi[j] }
                    counts[bestCentre] += 1
                }
                partial[k * d + k] = inertia
                partial[k * d + k + 1] = changed
            }
        }
        for j in 0..<(k * d) { sums[j] = 0 }
        for c in 0..<k { counts[c] = 0 }
        var inertia = 0.0
        var changed = 0.0
        for chunk in 0..<w.chunks {
            let partial = w.partials + chunk * stride
            for j in 0..<(k * d) { sums[j] += partial[j] }
            for c in 0..<k { counts[c] += partial[k * d + c] }
            inertia += partial[k * d + k]
            changed += partial[k * d + k + 1]
        }
        return (inertia, Int(changed))
    }
}
