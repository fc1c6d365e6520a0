/// The Syntetos–Boylan–Croston classification of a demand series (Syntetos, Boylan & Croston 2005) by the
/// average inter-demand interval ADI (periods per non-zero demand) and the squared coefficient of variation CV²
/// of the non-zero demand sizes, with the cut-offs 1.32 and 0.49:
///
/// | | CV² ≤ 0.49 | CV² > 0.49 |
/// |---|---|---|
/// | ADI ≤ 1.32 | smooth | erratic |
/// | ADI > 1.32 | intermittent | lumpy |
///
/// SBA is the recommended Croston variant everywhere but in the smooth corner.
public struct DemandPattern: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case smooth, erratic, intermittent, lumpy
    }

    public static let adiCutoff = 1.32
    public static let cv2Cutoff = 0.49

    /// Periods per non-zero demand (n / number of non-zero values; +∞ without demand).
    public var adi: Double
    /// Variance / mean² of the non-zero sizes (population variance; 0 for fewer than two).
    public var cv2: Double

    public init(_ y: [Double]) {
        let sizes = y.filter { $0 != 0 }
        adi = sizes.isEmpty ? .infinity : Double(y.count) / Double(sizes.count)
        guard sizes.count >= 2 else {
            cv2 = 0
            return
        }
        let mean = sizes.reduce(0, +) / Double(sizes.count)
        let variance = sizes.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(sizes.count)
        cv2 = mean == 0 ? 0 : variance / (mean * mean)
    }

    public var kind: Kind {
        switch (adi > Self.adiCutoff, cv2 > Self.cv2Cutoff) {
        case (false, false): return .smooth
        case (false, true): return .erratic
        case (true, false): return .intermittent
        case (true, true): return .lumpy
        }
    }

    /// Whether the demand is intermittent in the sense that Croston's family applies (ADI > 1.32).
    public var isIntermittent: Bool { adi > Self.adiCutoff }

    /// The Croston variant the rule recommends: classic for smooth demand, SBA otherwise.
    public var crostonVariant: Croston.Variant { kind == .smooth ? .classic : .sba }
}
