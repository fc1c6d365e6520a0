/// The Gaussian hypergeometric function ₂F₁ by its power series, for the BG/NBD expected-purchases formula.
public enum Hypergeometric {
    /// Most series terms summed before giving up.
    public static let maxTerms = 100_000

    /// ₂F₁(a, b; c; z) = Σₙ (a)ₙ (b)ₙ / ((c)ₙ n!) zⁿ for 0 ≤ z < 1 and c > 0.
    ///
    /// Stops when a term is below 1e-15 of the sum once terms are shrinking (term ratio < 1). Returns nil when that
    /// does not happen within ``maxTerms`` terms or the sum overflows, rather than a silently wrong value.
    public static func f21(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double? {
        guard z >= 0 && z < 1 && c > 0 else { return nil }
        var term = 1.0
        var sum = 1.0
        for n in 0..<maxTerms {
            let k = Double(n)
            let ratio = (a + k) * (b + k) / ((c + k) * (k + 1)) * z
            term *= ratio
            sum += term
            guard sum.isFinite else { return nil }
            if abs(ratio) < 1 && abs(term) <= 1e-15 * abs(sum) { return sum }
        }
        return nil
    }
}
