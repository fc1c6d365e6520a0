import Foundation

/// Why a BG/NBD fit should be read with care: parameters that ran to a boundary of the search, or that the
/// log-likelihood does not pin down (a flat profile).
///
/// Two boundaries mean different things. With a → 0 (or b → ∞ alone) the data show no dropout: a fit with even less
/// dropout is as likely, the model says nobody ever leaves, and P(alive) carries no information
/// (``dropoutUndetermined``). With a and b → ∞ together the dropout probability per purchase, a / (a + b), is the
/// same for every customer; with r and α → ∞ together so is the purchase rate. Those are limits of the model that
/// still fit the data, and P(alive) remains usable.
public struct BGNBDFitWarning: Sendable, Equatable {
    /// Names (`r`, `alpha`, `a`, `b`) of the parameters at a bound or on a flat profile, in that order.
    public var parameters: [String]
    /// True when lowering a (less dropout) does not lower the likelihood: the data do not show dropout, and
    /// P(alive) should not be used.
    public var dropoutUndetermined: Bool
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
        func change(_ k: Int, by step: Double) -> Double {
            var moved = theta
            moved[k] += step
            return abs(logLikelihood(moved) - best)
        }
        var degenerate: [String] = []
        for k in theta.indices {
            let moves = max(change(k, by: 1), change(k, by: -1))
            if abs(theta[k]) > boundLog || !(moves >= flatChange) { degenerate.append(names[k]) }
        }
        let aIndex = 2
        let dropoutUndetermined = theta[aIndex] < -boundLog || !(change(aIndex, by: -1) >= flatChange)
        guard !degenerate.isEmpty || dropoutUndetermined else { return nil }
        let values = degenerate.map { name in
            "\(name) = \(String(format: "%.3g", exp(theta[names.firstIndex(of: name)!])))"
        }
        var message = "BG/NBD fit at a boundary: \(values.joined(separator: ", ")) beyond the search bound or not "
        message += "determined by the data (flat likelihood)"
        if dropoutUndetermined {
            message += "; the data show no dropout (less dropout fits as well), so P(alive) carries no information"
        } else if degenerate.contains("a") || degenerate.contains("b") {
            let p = exp(theta[aIndex]) / (exp(theta[aIndex]) + exp(theta[3]))
            message += "; the dropout probability per purchase is about the same for everyone "
            message += "(a / (a + b) = \(String(format: "%.3g", p))), P(alive) is still used"
        } else {
            message += "; the purchase rate is about the same for everyone, P(alive) is still used"
        }
        return BGNBDFitWarning(parameters: degenerate, dropoutUndetermined: dropoutUndetermined, message: message)
    }
}
