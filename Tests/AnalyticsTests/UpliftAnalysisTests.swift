import Analytics
import Testing

/// The uplift analysis on synthetic campaigns whose true effect is known: interval coverage over seeded
/// repetitions, verdicts, and the sample-ratio check on a split that is broken on purpose.
@Suite struct UpliftAnalysisTests {
    /// Members of a synthetic campaign: each lands in control with probability `controlShare` (or exactly
    /// `controls` of them when given), converts with `base` (control) or `base + effect` (target), and spends
    /// 100–1,100 on a conversion; pre-launch spend tracks the propensity to buy.
    static func campaign(
        members: Int, controlShare: Double, base: Double, effect: Double, seed: UInt64, controls: Int? = nil
    ) -> [MemberOutcome] {
        var random = SeededGenerator(seed: seed)
        return (0..<members).map { index in
            let control = controls.map { index < $0 } ?? (random.nextUnit() < controlShare)
            let propensity = random.nextUnit()
            let rate = (control ? base : base + effect) * 2 * propensity
            let converted = random.nextUnit() < rate
            return MemberOutcome(
                isTarget: !control, contacted: !control && random.nextUnit() < 0.6, converted: converted,
                revenue: converted ? 100 + 1_000 * random.nextUnit() : 0, preSpend: 2_000 * propensity)
        }
    }

    @Test func theLiftIntervalCoversTheTrueEffectInAbout95PercentOfRepetitions() {
        // Conversion is base·2u with u uniform, so its mean is exactly base (target: base + effect).
        let effect = 0.05
        let repetitions = 400
        var covered = 0
        var cupedCovered = 0
        var uplift = 0
        var rawWidth = 0.0
        var cupedWidth = 0.0
        for seed in 0..<repetitions {
            let members = Self.campaign(
                members: 5_000, controlShare: 0.2, base: 0.1, effect: effect, seed: UInt64(1_000 + seed))
            let analysis = UpliftAnalysis(members, controlShare: 0.2)
            if analysis.liftInterval!.contains(effect) { covered += 1 }
            if analysis.cupedLiftInterval!.contains(effect) { cupedCovered += 1 }
            if analysis.verdict == .uplift { uplift += 1 }
            let raw = UpliftStatistics.welch(
                members.filter(\.isTarget).map { $0.converted ? 1 : 0 },
                members.filter { !$0.isTarget }.map { $0.converted ? 1 : 0 })!
            rawWidth += raw.interval.upper - raw.interval.lower
            cupedWidth += analysis.cupedLiftInterval!.upper - analysis.cupedLiftInterval!.lower
        }
        let coverage = Double(covered) / Double(repetitions)
        let cupedCoverage = Double(cupedCovered) / Double(repetitions)
        // Binomial(400, 0.95) has a standard deviation of 1.1 points: ±3 points is nearly 3 of them.
        #expect((0.92...0.98).contains(coverage), "coverage \(coverage)")
        #expect((0.92...0.98).contains(cupedCoverage), "CUPED coverage \(cupedCoverage)")
        // +5 pp on 1,000 controls and 4,000 targets is about four standard errors: nearly always seen.
        #expect(uplift >= repetitions * 95 / 100, "uplift verdicts \(uplift)")
        // Pre-launch spend tracks the propensity to buy, so CUPED narrows the (Welch) interval of the same 0/1
        // outcomes; with a binary outcome the gain is a few percent at most.
        #expect(cupedWidth < 0.99 * rawWidth, "CUPED width \(cupedWidth) vs raw \(rawWidth)")
    }

    @Test func noEffectIsNotCalledUpliftAndSmallSamplesAreNotEnoughData() {
        var falseUplift = 0
        var noEffect = 0
        for seed in 0..<200 {
            let large = UpliftAnalysis(
                Self.campaign(members: 20_000, controlShare: 0.2, base: 0.1, effect: 0, seed: UInt64(seed)),
                controlShare: 0.2)
            if large.verdict == .uplift { falseUplift += 1 }
            if large.verdict == .noDetectableEffect { noEffect += 1 }
        }
        // Two-sided 95%: about 2.5% false uplift calls; at most 6% allowed here.
        #expect(falseUplift <= 12, "false uplift \(falseUplift)")
        #expect(noEffect >= 180, "no detectable effect \(noEffect)")

        let office = UpliftAnalysis(
            Self.campaign(members: 400, controlShare: 0.1, base: 0.2, effect: 0.02, seed: 7), controlShare: 0.1)
        #expect(office.verdict == .notEnoughData)
        #expect(office.minimumDetectableEffect! > 0.1)
        let tiny = UpliftAnalysis(
            Self.campaign(members: 20, controlShare: 0.5, base: 0.2, effect: 0.5, seed: 7), controlShare: 0.5)
        #expect(tiny.verdict == .notEnoughData)
    }

    @Test func aBrokenSplitIsCalledAssignmentBroken() {
        // Configured 10% holdout, but 15% of 10,000 ended up in control (say, a filter applied to targets only).
        let broken = UpliftAnalysis(
            Self.campaign(members: 10_000, controlShare: 0.1, base: 0.1, effect: 0.05, seed: 3, controls: 1_500),
            controlShare: 0.1)
        #expect(broken.srmP < 0.001)
        #expect(broken.verdict == .assignmentBroken)
        // The same members against the split they really have are fine.
        let honest = UpliftAnalysis(
            Self.campaign(members: 10_000, controlShare: 0.1, base: 0.1, effect: 0.05, seed: 3, controls: 1_500),
            controlShare: 0.15)
        #expect(honest.srmP > 0.5)
        #expect(honest.verdict == .uplift)
    }

    @Test func countsRatesAndIncrementsAddUp() {
        var members: [MemberOutcome] = []
        for index in 0..<100 {
            members.append(
                MemberOutcome(
                    isTarget: true, contacted: index < 40, converted: index < 30, revenue: index < 30 ? 200 : 0))
        }
        for index in 0..<100 {
            members.append(MemberOutcome(isTarget: false, converted: index < 20, revenue: index < 20 ? 100 : 0))
        }
        let analysis = UpliftAnalysis(members, controlShare: 0.5)
        #expect(analysis.targets == 100 && analysis.controls == 100)
        #expect(analysis.contactedShare == 0.4)
        #expect(abs(analysis.lift! - 0.1) < 1e-12)
        #expect(abs(analysis.relativeUplift! - 0.5) < 1e-12)
        #expect(abs(analysis.incrementalConversions! - 10) < 1e-9)
        #expect(abs(analysis.revenuePerMemberLift! - 40) < 1e-9)
        #expect(abs(analysis.incrementalRevenue! - 4_000) < 1e-6)
        #expect(analysis.srmChiSquare == 0)
        // Without a covariate that varies, CUPED changes nothing.
        #expect(analysis.cupedTheta == 0 && abs(analysis.cupedLift! - 0.1) < 1e-12)
    }
}
