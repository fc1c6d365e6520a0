import Analytics
import CRM
import Foundation

/// The benchmark side of `analytics kmeans`: the same points in a file for scikit-learn
/// (scripts/bench/analytics-kmeans.py) and a timed fit of such a file, so both libraries cluster identical input.
public enum KMeansPoints {
    /// Writes the customers-with-orders points (log1p frequency and monetary, then z-scores with the population sd)
    /// as little-endian float64, row-major N × 6; returns N.
    @discardableResult
    public static func write(_ run: AnalyticsRun, to path: String) throws -> Int {
        let f = run.features
        let members = (0..<f.count).filter { f.hasOrders[$0] }
        let columns: [[Double]] = [
            members.map { f.recencyDays[$0] }, members.map { log1p(max(f.frequency[$0], 0)) },
            members.map { log1p(max(f.monetary[$0], 0)) }, members.map { f.averageBasket[$0] },
            members.map { f.premiumShare[$0] }, members.map { f.tenureDays[$0] },
        ].map { column in
            let mean = column.reduce(0, +) / Double(max(column.count, 1))
            let variance = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(column.count, 1))
            let sd = variance > 0 ? variance.squareRoot() : 1
            return column.map { ($0 - mean) / sd }
        }
        var values = [Double](repeating: 0, count: members.count * 6)
        for row in 0..<members.count { for j in 0..<6 { values[row * 6 + j] = columns[j][row] } }
        let data = values.withUnsafeBufferPointer { Data(buffer: $0) }
        try data.write(to: URL(fileURLWithPath: path))
        return members.count
    }

    /// Fits k-means (4 restarts, the given seed) to a float64 N × 6 file and times the fit alone.
    public static func fit(path: String, k: Int, seed: UInt64) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard data.count % 48 == 0, !data.isEmpty else {
            throw NodeError.invalidArgument("\(path) is not a float64 N x 6 file")
        }
        let values = data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
        let points = FeatureMatrix(values: values, dimension: 6)
        let start = DispatchTime.now().uptimeNanoseconds
        let model = KMeans.fit(points, k: k, options: KMeansOptions(restarts: 4, seed: seed))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return "swift-kmeans n=\(points.rows) k=\(k) seconds=\(String(format: "%.3f", seconds)) "
            + "inertia=\(String(format: "%.6g", model.inertia)) iterations=\(model.iterations)"
    }
}
