import Foundation

/// Why a BG/NBD fit should not be trusted: parameters that ran to a boundary of the search, or that the
/// log-likelihood does not pin down (a flat profile). The common case is a → 0: the data show no dropout, the model
/// says nobody ever leaves, and P(alive) is 1 for everyone, so it carries no information.
public struct BGNBDFitWarning: Sendable, Equatable {
    /// Names (`r`, `alpha`, `a`, `b`) of the degenerate parameters, in that order.
    public var parameters: [String]
    /// One line for users: which parameters, and what it means for P(alive).
    public var message: String

    /// A parameter is at a bound when its logarithm is beyond ±`boundLog` (below about 3e-7 or above 3e6).
    public static let boundLog = 15.0
    /// A parameter is flat when multiplying or dividing it by e changes the total log-likelihood by less than this.
    public static let flatChange = 0.01

    /// The warning for a fit at θ = (ln r, ln α, ln a, ln b) of `logLikelihood`, or nil when every parameter is
    /// inside the bounds and moves the likelihood.
    static func diagnose(_ theta: [Double], logLikelihood: ([Double]) -> Double) -> BGNBDFitWarning? {
        let names = ["r", "alpha", "a", "b"]
        let best = logLikelihood(theta)
        var degenerate: [String] = []
        for k in theta.indices {
            var up = theta
            up[k] += 1
            var down = theta
            down[k] -= 1
            let change = max(abs(logLikelihood(up) - best), abs(logLikelihood(down) - best))
            if abs(theta[k]) > boundLog || !(change >= flatChange) { degenerate.append(names[k]) }
        }
        guard !degenerate.isEmpty else { return nil }
        let values = degenerate.map { name in
            "\(name) = \(String(format: "%.3g", exp(theta[names.firstIndex(of: name)!])))"
        }
        var message = "degenerate BG/NBD fit: \(values.joined(separator: ", ")) at a bound or not determined by "
        message += "the data (flat likelihood)"
        if degenerate.contains("a") || degenerate.contains("b") {
            message += "; the data show no dropout, so P(alive) carries no information"
        }
        return BGNBDFitWarning(parameters: degenerate, message: message)
    }
}
