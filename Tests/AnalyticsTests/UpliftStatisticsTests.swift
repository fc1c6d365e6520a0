import Analytics
import Foundation
import Testing

/// The campaign statistics against values statsmodels and scipy computed once (scripts/uplift-reference.py wrote
/// fixtures/uplift-reference.json; its header records the library versions).
@Suite struct UpliftStatisticsTests {
    /// Read on each use: `[String: Any]` is not Sendable, so it cannot be a stored static.
    static var reference: [String: Any] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("fixtures/uplift-reference.json")
        let data = try! Data(contentsOf: url)
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    static func cases(_ name: String) -> [[String: Any]] { reference[name] as! [[String: Any]] }

    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test func normalAndTQuantilesMatchScipy() throws {
        let quantiles = try #require(Self.reference["quantiles"] as? [String: Any])
        for pair in try #require(quantiles["normal"] as? [[Double]]) {
            #expect(Self.close(Distributions.normalQuantile(pair[0]), pair[1], 1e-12), "Φ⁻¹(\(pair[0]))")
        }
        for triple in try #require(quantiles["t"] as? [[Double]]) {
            let value = Distributions.studentTQuantile(triple[0], df: triple[1])
            #expect(Self.close(value, triple[2], 1e-9), "t⁻¹(\(triple[0]); \(triple[1])) = \(value) vs \(triple[2])")
        }
    }

    @Test func newcombeIntervalAndZTestMatchStatsmodels() throws {
        let cases = Self.cases("proportions")
        #expect(cases.count >= 5)
        for item in cases {
            let x1 = item["successes1"] as! Int
            let n1 = item["trials1"] as! Int
            let x2 = item["successes2"] as! Int
            let n2 = item["trials2"] as! Int
            let expected = item["newcombe"] as! [Double]
            let interval = UpliftStatistics.newcombe(successes1: x1, trials1: n1, successes2: x2, trials2: n2)
            #expect(Self.close(interval.lower, expected[0]), "\(x1)/\(n1) vs \(x2)/\(n2): \(interval)")
            #expect(Self.close(interval.upper, expected[1]), "\(x1)/\(n1) vs \(x2)/\(n2): \(interval)")
            let wilson = UpliftStatistics.wilson(successes: x1, trials: n1)
            let expectedWilson = item["wilson1"] as! [Double]
            #expect(Self.close(wilson.lower, expectedWilson[0]) && Self.close(wilson.upper, expectedWilson[1]))
            let test = UpliftStatistics.twoProportionZTest(successes1: x1, trials1: n1, successes2: x2, trials2: n2)
            #expect(Self.close(test.p, item["p"] as! Double, 1e-8), "p of \(x1)/\(n1) vs \(x2)/\(n2)")
            if let z = item["z"] as? Double {
                #expect(Self.close(try #require(test.z), z))
            } else {
                #expect(test.z == nil)
            }
        }
    }

    @Test func welchIntervalMatchesStatsmodels() throws {
        for item in Self.cases("welch") {
            let x = item["x"] as! [Double]
            let y = item["y"] as! [Double]
            let result = try #require(UpliftStatistics.welch(x, y))
            let expected = item["interval"] as! [Double]
            #expect(Self.close(result.difference, item["difference"] as! Double))
            #expect(Self.close(result.degreesOfFreedom, item["df"] as! Double))
            #expect(Self.close(result.interval.lower, expected[0], 1e-8), "\(result.interval) vs \(expected)")
            #expect(Self.close(result.interval.upper, expected[1], 1e-8), "\(result.interval) vs \(expected)")
        }
        #expect(UpliftStatistics.welch([1], [1, 2]) == nil)
    }

    @Test func cupedMatchesNumpyAndStatsmodels() throws {
        let item = try #require(Self.reference["cuped"] as? [String: Any])
        let treatment = zip(item["target_outcome"] as! [Double], item["target_covariate"] as! [Double]).map {
            (outcome: $0, covariate: $1)
        }
        let control = zip(item["control_outcome"] as! [Double], item["control_covariate"] as! [Double]).map {
            (outcome: $0, covariate: $1)
        }
        let adjusted = UpliftStatistics.cuped(treatment: treatment, control: control)
        #expect(Self.close(adjusted.theta, item["theta"] as! Double))
        let welch = try #require(UpliftStatistics.welch(adjusted.treatment, adjusted.control))
        let expected = item["interval"] as! [Double]
        #expect(Self.close(welch.difference, item["difference"] as! Double))
        #expect(
            Self.close(welch.interval.lower, expected[0], 1e-8) && Self.close(welch.interval.upper, expected[1], 1e-8))
    }

    @Test func sampleRatioMismatchMatchesScipy() {
        for item in Self.cases("srm") {
            let result = UpliftStatistics.sampleRatioMismatch(
                control: item["control"] as! Int, target: item["target"] as! Int, controlShare: item["share"] as! Double
            )
            #expect(Self.close(result.chiSquare, item["chi_square"] as! Double))
            #expect(Self.close(result.p, item["p"] as! Double, 1e-8), "\(item)")
        }
    }

    @Test func minimumDetectableEffectMatchesTheFormula() {
        for item in Self.cases("mde") {
            let mde = UpliftStatistics.minimumDetectableEffect(
                baseRate: item["base"] as! Double, trials1: item["trials1"] as! Int, trials2: item["trials2"] as! Int)
            #expect(Self.close(mde!, item["mde"] as! Double, 1e-9))
        }
        // The example: +2 pp on a 20% base with a 10% holdout needs about 36,000 members.
        let mde = UpliftStatistics.minimumDetectableEffect(baseRate: 0.2, trials1: 32_400, trials2: 3_600)!
        #expect(abs(mde - 0.02) < 0.001)
    }
}
