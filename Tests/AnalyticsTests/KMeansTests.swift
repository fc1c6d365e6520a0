import Analytics
import Testing

@Suite struct KMeansTests {
    /// `perBlob` points around each centre, uniform noise of ±`spread`; returns points and true blob numbers.
    private func blobs(_ centres: [[Double]], perBlob: Int, spread: Double, seed: UInt64) -> (FeatureMatrix, [Int]) {
        var generator = SeededGenerator(seed: seed)
        var rows: [[Double]] = []
        var truth: [Int] = []
        for _ in 0..<perBlob {
            for (b, centre) in centres.enumerated() {
                rows.append(centre.map { $0 + (generator.nextUnit() * 2 - 1) * spread })
                truth.append(b)
            }
        }
        return (FeatureMatrix(rows: rows), truth)
    }

    @Test func wellSeparatedBlobsAreRecoveredExactly() {
        let (points, truth) = blobs([[0, 0], [100, 0], [0, 100], [100, 100]], perBlob: 30, spread: 5, seed: 1)
        let model = KMeans.fit(points, k: 4, options: KMeansOptions(seed: 7))
        // Each true blob maps to exactly one label, and different blobs to different labels.
        var labelOfBlob: [Int: Int] = [:]
        for (i, blob) in truth.enumerated() {
            if let label = labelOfBlob[blob] {
                #expect(label == model.labels[i])
            } else {
                labelOfBlob[blob] = model.labels[i]
            }
        }
        #expect(Set(labelOfBlob.values).count == 4)
        #expect(model.sizes == [30, 30, 30, 30])
        for c in 0..<4 {
            let centre = model.centroids.row(c)
            #expect(
                [0.0, 100].contains { abs(centre[0] - $0) < 3 } && [0.0, 100].contains { abs(centre[1] - $0) < 3 })
        }
    }

    @Test func theSameSeedGivesTheSameClustersSerialOrParallel() {
        // More points than one work chunk (16,384), so the parallel path really splits the work.
        let (points, _) = blobs([[0, 0, 0], [3, 1, 0], [1, 4, 2]], perBlob: 6_000, spread: 2.5, seed: 3)
        let first = KMeans.fit(points, k: 5, options: KMeansOptions(restarts: 2, seed: 42))
        let again = KMeans.fit(points, k: 5, options: KMeansOptions(restarts: 2, seed: 42))
        let serial = KMeans.fit(points, k: 5, options: KMeansOptions(restarts: 2, seed: 42, parallel: false))
        #expect(first == again)
        #expect(first == serial)
        let other = KMeans.fit(points, k: 5, options: KMeansOptions(restarts: 1, seed: 43))
        #expect(other.centroids != first.centroids)
    }

    @Test func inertiaIsTheSumOfSquaredDistancesToTheCentroids() {
        let points = FeatureMatrix(rows: [[0], [2], [10], [14]])
        let model = KMeans.fit(points, k: 2)
        // Clusters {0, 2} (centre 1) and {10, 14} (centre 12): 1 + 1 + 4 + 4.
        #expect(abs(model.inertia - 10) < 1e-12)
    }

    @Test func silhouetteIsHighForSeparatedClustersAndZeroForSingletons() {
        let points = FeatureMatrix(rows: [[0], [1], [10], [11]])
        // Point 0: a = 1, b = mean(10, 11) = 10.5 → s = 9.5 / 10.5. Point 1: a = 1, b = mean(9, 10) → 8.5 / 9.5.
        // Points 10 and 11 mirror them.
        let score = Silhouette.score(points, labels: [0, 0, 1, 1])
        #expect(abs(score - (9.5 / 10.5 + 8.5 / 9.5) / 2) < 1e-12)
        #expect(Silhouette.score(points, labels: [0, 1, 2, 3]) == 0)
    }

    @Test func autoPicksTheTrueNumberOfClustersAndReportsOriginalUnits() {
        // Four groups by recency (days) and monetary (log1p-transformed before clustering).
        var generator = SeededGenerator(seed: 11)
        var rows: [CustomerFeatureRow] = []
        let groups: [(recency: Double, monetary: Double)] = [(5, 100), (5, 50_000), (200, 100), (200, 50_000)]
        for k in 0..<200 {
            let group = groups[k % 4]
            rows.append(
                CustomerFeatureRow(
                    id: "c\(k)", hasOrders: true, recencyDays: group.recency + generator.nextUnit() * 4,
                    monetary: group.monetary))
        }
        rows.append(CustomerFeatureRow(id: "never"))
        let clusters = CustomerClustering.run(
            CustomerFeatures(rows: rows), count: .auto(2...6), features: [.recency, .monetary],
            options: KMeansOptions(seed: 5), silhouetteSample: 120)
        #expect(clusters.k == 4)
        #expect(clusters.silhouettes.keys.sorted() == [2, 3, 4, 5, 6])
        #expect(clusters.sizes == [50, 50, 50, 50])
        #expect(clusters.assignments.last! == nil)
        // Monetary is constant within a group, so expm1(mean log1p) gives it back exactly (up to rounding).
        let centres = clusters.centroids.map { [($0[0] - 2).rounded(), $0[1].rounded()] }
        #expect(Set(centres) == Set(groups.map { [$0.recency, $0.monetary] }))
    }
}
