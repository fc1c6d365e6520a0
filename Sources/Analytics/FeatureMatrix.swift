import Dispatch

/// Points stored row-major in one contiguous array: row `i` is `values[i * dimension ..< (i + 1) * dimension]`.
public struct FeatureMatrix: Sendable, Equatable {
    /// All coordinates, row after row.
    public var values: [Double]
    /// Coordinates per point.
    public let dimension: Int

    /// A matrix over `values`, whose count must be a multiple of `dimension`.
    public init(values: [Double], dimension: Int) {
        precondition(dimension > 0 && values.count % dimension == 0)
        self.values = values
        self.dimension = dimension
    }

    /// A matrix from rows of equal length.
    public init(rows: [[Double]]) {
        let dimension = rows.first?.count ?? 1
        precondition(rows.allSatisfy { $0.count == dimension })
        self.init(values: rows.flatMap { $0 }, dimension: dimension)
    }

    /// Number of points.
    public var rows: Int { values.count / dimension }

    /// Row `i` as an array (allocates; for reporting, not inner loops).
    public func row(_ i: Int) -> [Double] {
        Array(values[i * dimension..<(i + 1) * dimension])
    }
}

/// Runs `body(chunk, range)` over `0..<count` split in fixed-size chunks, in parallel when asked.
///
/// Chunk boundaries depend only on `count` and `chunkSize`, never on the number of threads, so per-chunk partial
/// results reduced in chunk order give the same floating-point sums on every machine.
func forEachChunk(count: Int, chunkSize: Int, parallel: Bool, _ body: (Int, Range<Int>) -> Void) {
    let chunks = (count + chunkSize - 1) / chunkSize
    if parallel && chunks > 1 {
        withoutActuallyEscaping(body) { body in
            let work = ChunkWork(body: body)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                work.body(c, c * chunkSize..<min(count, (c + 1) * chunkSize))
            }
        }
    } else {
        for c in 0..<chunks { body(c, c * chunkSize..<min(count, (c + 1) * chunkSize)) }
    }
}

/// Carries a chunk body into `concurrentPerform`, which demands a `@Sendable` closure.
///
/// Safe because `concurrentPerform` returns only after every iteration has finished, so the body never outlives
/// `forEachChunk`, and every caller writes only memory owned by its chunk (its slot of a partials buffer and the
/// rows of its range), so no two iterations write the same memory and none reads what another writes.
private struct ChunkWork: @unchecked Sendable {
    let body: (Int, Range<Int>) -> Void
}

/// Squared Euclidean distance between two `d`-vectors.
@inline(__always)
func squaredDistance(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ d: Int) -> Double {
    var sum = 0.0
    for j in 0..<d {
        let diff = a[j] - b[j]
        sum += diff * diff
    }
    return sum
}
