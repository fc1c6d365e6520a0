import Analytics
import Testing

@Suite struct StarProgrammeTests {
    @Test func thresholdsBelongToTheTierAbove() {
        let thresholds = TierThresholds()
        #expect(thresholds.tier(forSpend: 100_000) == .value)
        #expect(thresholds.tier(forSpend: 99_999.99) == .potential)
        #expect(thresholds.tier(forSpend: 50_000) == .potential)
        #expect(thresholds.tier(forSpend: 49_999.99) == .basic)
        #expect(thresholds.tier(forSpend: 0) == .basic)
        let custom = TierThresholds(value: 10, potential: 5)
        #expect(custom.tier(forSpend: 10) == .value)
    }

    @Test func pyramidCountsCustomersAndSpendShares() {
        let spends: [Double] = [150_000, 50_000, 30_000, 20_000]
        let features = CustomerFeatures(ids: ["a", "b", "c", "d"], spend365: spends)
        let pyramid = TierPyramid(features)
        #expect(pyramid.levels.map(\.tier) == [.value, .potential, .basic])
        #expect(pyramid[.value].customers == 1)
        #expect(pyramid[.value].spendShare == 0.6)
        #expect(pyramid[.potential].spendShare == 0.2)
        #expect(pyramid[.basic].customers == 2)
        #expect(pyramid[.basic].customerShare == 0.5)
    }

    @Test func percentilesGiveTiesTheirMeanRankAndDecideStars() {
        // Frequency [10, 20, 20, 30]: mid-ranks 0, 1.5, 1.5, 3 of 3 → percentiles 0, 50, 50, 100.
        let features = CustomerFeatures(
            ids: ["a", "b", "c", "d"], hasOrders: [true, true, true, true], frequency: [10, 20, 20, 30])
        let policy = StarScorePolicy(weights: [.purchaseFrequency: 1])
        let scores = StarScore.compute(features, policy: policy)
        #expect(scores.map(\.score) == [0, 50, 50, 100])
        #expect(scores.map(\.stars) == [1, 3, 3, 5])
        #expect(scores.map(\.growthLevel) == [nil, .silver, .silver, .diamond])
        // A dimension where everyone is equal puts everyone at 50.
        #expect(scores.allSatisfy { $0.dimensions[.socialInfluence] == 50 })
    }

    @Test func starCutPointsAreInclusiveFromBelow() {
        let policy = StarScorePolicy()
        #expect(policy.stars(forScore: 19.999) == 1)
        #expect(policy.stars(forScore: 20) == 2)
        #expect(policy.stars(forScore: 60) == 4)
        #expect(policy.stars(forScore: 79.99) == 4)
        #expect(policy.stars(forScore: 80) == 5)
        #expect(GrowthLevel(stars: 4) == .gold)
        #expect(GrowthLevel(stars: 2) == nil)
    }

    @Test func oneChannelWithoutSwitchesIsTheMostLoyal() {
        let features = CustomerFeatures(
            ids: ["steady", "hopper", "none"], hasOrders: [true, true, false], channelsUsed90: [1, 3, 0],
            channelSwitches90: [0, 4, 0])
        let scores = StarScore.compute(features, policy: StarScorePolicy(weights: [.channelLoyalty: 1]))
        #expect(scores.map(\.id) == ["steady", "hopper"])
        #expect(scores[0].score == 100 && scores[1].score == 0)
    }

    @Test func growthTrendRanksRisingSpendAboveFallingEvenFromZero() {
        let features = CustomerFeatures(
            ids: ["new-spender", "steady", "fading"], hasOrders: [true, true, true], spend90: [500, 1_000, 100],
            spendPrev90: [0, 1_000, 5_000])
        let scores = StarScore.compute(features, policy: StarScorePolicy(weights: [.growthTrend: 1]))
        #expect(scores.map(\.score) == [100, 50, 0])
    }

    @Test func retieringListsWhoMovedUpAndDown() {
        let previous: [String: TierStanding] = [
            "a": TierStanding(tier: .basic, stars: 2), "b": TierStanding(tier: .value, stars: 5),
            "c": TierStanding(tier: .potential, stars: 3), "gone": TierStanding(tier: .basic, stars: 1),
            "d": TierStanding(tier: .potential, stars: 2),
        ]
        let current: [String: TierStanding] = [
            "a": TierStanding(tier: .potential, stars: 1), "b": TierStanding(tier: .value, stars: 4),
            "c": TierStanding(tier: .potential, stars: 3), "new": TierStanding(tier: .basic, stars: nil),
            "d": TierStanding(tier: .potential, stars: 4),
        ]
        let diff = Retiering(previous: previous, current: current)
        #expect(diff.movedUp.map(\.id) == ["a", "d"])
        #expect(diff.movedDown.map(\.id) == ["b"])
        #expect(diff.movedDown[0].previous.stars == 5 && diff.movedDown[0].current.stars == 4)
        #expect(diff.unchanged == 1)
        #expect(diff.entered == ["new"])
        #expect(diff.left == ["gone"])
    }

    @Test func standingsCombineTierAndStars() {
        let features = CustomerFeatures(
            ids: ["a", "b", "never"], hasOrders: [true, true, false], frequency: [1, 9, 0],
            spend365: [120_000, 10_000, 0])
        let standings = Retiering.standings(features, policy: StarScorePolicy(weights: [.purchaseFrequency: 1]))
        #expect(standings["a"] == TierStanding(tier: .value, stars: 1))
        #expect(standings["b"] == TierStanding(tier: .basic, stars: 5))
        #expect(standings["never"] == TierStanding(tier: .basic, stars: nil))
    }
}
