/// Croston's method for intermittent demand (Croston 1972) and the Syntetos–Boylan approximation (SBA,
/// Syntetos & Boylan 2005). Demand sizes zᵢ (the non-zero values) and the intervals pᵢ between them (periods since
/// the previous demand, the first counted from the start) are smoothed apart, each from its first value:
///
///     ẑ ← ẑ + α (zᵢ − ẑ),   p̂ ← p̂ + α (pᵢ − p̂)   (at each demand after the first)
///     forecast = ẑ / p̂  (Croston),   (1 − α/2) ẑ / p̂  (SBA)
///
/// as statsforecast's `CrostonClassic` / `CrostonSBA` compute it; α = 0.1 as there. The forecast is flat over the
/// horizon; before the first demand it is 0.
public struct Croston: Sendable, Equatable {
    public enum Variant: String, Sendable {
        case classic, sba
    }

    public var variant: Variant
    public var alpha: Double

    public init(variant: Variant, alpha: Double = 0.1) {
        self.variant = variant
        self.alpha = alpha
    }

    /// The one-step forecast after `y` (the demand rate per period).
    public func rate(_ y: [Double]) -> Double {
        rates(y).last ?? 0
    }

    /// The forecast after each prefix: element t is the forecast made after y₀…yₜ₋₁ (element 0 is 0), so it
    /// has `y.count + 1` elements.
    public func rates(_ y: [Double]) -> [Double] {
        var result = [0.0]
        result.reserveCapacity(y.count + 1)
        var size = 0.0
        var interval = 0.0
        var sinceLast = 0
        var seen = false
        let factor = variant == .sba ? 1 - alpha / 2 : 1
        for value in y {
            sinceLast += 1
            if value != 0 {
                if seen {
                    size += alpha * (value - size)
                    interval += alpha * (Double(sinceLast) - interval)
                } else {
                    (size, interval, seen) = (value, Double(sinceLast), true)
                }
                sinceLast = 0
            }
            result.append(seen ? factor * size / interval : 0)
        }
        return result
    }
}
