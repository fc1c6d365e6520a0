import Analytics
import Foundation

/// Samplers for simulating data from known parameters, built on the seeded generator so tests are deterministic.
struct Simulation {
    var generator: SeededGenerator

    init(seed: UInt64) {
        generator = SeededGenerator(seed: seed)
    }

    /// Uniform in (0, 1), never 0 (safe for logs).
    mutating func unit() -> Double {
        max(generator.nextUnit(), 0x1.0p-60)
    }

    mutating func normal() -> Double {
        (-2 * log(unit())).squareRoot() * cos(2 * .pi * unit())
    }

    mutating func exponential(rate: Double) -> Double {
        -log(unit()) / rate
    }

    /// Gamma(shape, rate) by Marsaglia & Tsang (2000), with the shape < 1 boost.
    mutating func gamma(shape: Double, rate: Double) -> Double {
        if shape < 1 {
            return gamma(shape: shape + 1, rate: rate) * pow(unit(), 1 / shape)
        }
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = normal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = unit()
            if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return d * v / rate }
        }
    }

    mutating func beta(_ a: Double, _ b: Double) -> Double {
        let x = gamma(shape: a, rate: 1)
        return x / (x + gamma(shape: b, rate: 1))
    }

    /// One BG/NBD history over an observation of length `age` after the first purchase.
    mutating func bgnbdHistory(r: Double, alpha: Double, a: Double, b: Double, age: Double)
        -> (x: Double, recency: Double)
    {
        let lambda = gamma(shape: r, rate: alpha)
        let p = beta(a, b)
        var t = 0.0
        var x = 0.0
        var last = 0.0
        while true {
            t += exponential(rate: lambda)
            if t > age { break }
            x += 1
            last = t
            // Drop out right after a repeat purchase with probability p (never after the first one, at time 0).
            if unit() < p { break }
        }
        return (x, last)
    }
}
