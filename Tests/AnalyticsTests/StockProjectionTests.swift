import Testing

@testable import Analytics

/// Stock-out days, lead-time demand and suggested orders on hand-made shelves (demand spread evenly over each
/// week's seven days from the as-of day D, day 0).
@Suite struct StockProjectionTests {
    @Test func stockRunsOutOnTheDayDemandReachesIt() {
        // 70 a week = 10 a day: 35 on hand last days 0–3 and run out by the end of day 3 (D + 3).
        let shelf = StockProjection(onHand: 35, weeklyDemand: [70, 70], leadTimeDays: 7, minLevel: nil, maxLevel: nil)
        #expect(shelf.stockOutDay == 3)
        #expect(shelf.leadTimeDemand == 70)
        #expect(shelf.stockOutWithinLeadTime)
        #expect(shelf.atArrival == 0)
        // No levels: order the lead-time demand.
        #expect(shelf.suggestedOrder == 70)
    }

    @Test func exactlyEnoughForTheLeadTimeRunsOutOnItsLastDay() {
        let shelf = StockProjection(
            onHand: 140, weeklyDemand: [70, 70, 70], leadTimeDays: 14, minLevel: nil, maxLevel: nil)
        #expect(shelf.stockOutDay == 13)
        #expect(shelf.stockOutWithinLeadTime)
        let more = StockProjection(
            onHand: 141, weeklyDemand: [70, 70, 70], leadTimeDays: 14, minLevel: nil, maxLevel: nil)
        #expect(more.stockOutDay == 14)
        #expect(!more.stockOutWithinLeadTime)
        #expect(more.suggestedOrder == 0)
    }

    @Test func demandThatChangesByWeekMovesTheDay() {
        // Week 1: 7 a day (49 gone by day 6); week 2: 1 a day; 60 on hand runs out 11 days later, on day 17.
        let shelf = StockProjection(
            onHand: 60, weeklyDemand: [49, 7, 7], leadTimeDays: 21, minLevel: 10, maxLevel: 100)
        #expect(shelf.stockOutDay == 17)
        #expect(shelf.leadTimeDemand == 63)
        #expect(shelf.stockOutWithinLeadTime)
        #expect(!shelf.belowMin && !shelf.aboveMax)
        // Nothing left at arrival (below min 10): fill up to max.
        #expect(shelf.suggestedOrder == 100)
    }

    @Test func emptyShelfIsOutTodayAndNoDemandNeverRunsOut() {
        let empty = StockProjection(onHand: 0, weeklyDemand: [], leadTimeDays: 14, minLevel: 5, maxLevel: 50)
        #expect(empty.stockOutDay == 0 && empty.stockOutWithinLeadTime && empty.belowMin)
        #expect(empty.suggestedOrder == 50)
        let idle = StockProjection(onHand: 10, weeklyDemand: [0, 0], leadTimeDays: 14, minLevel: nil, maxLevel: nil)
        #expect(idle.stockOutDay == nil && !idle.stockOutWithinLeadTime && idle.suggestedOrder == 0)
    }

    @Test func overstockAndTheOrderUpToMax() {
        let full = StockProjection(onHand: 500, weeklyDemand: [70, 70], leadTimeDays: 14, minLevel: 20, maxLevel: 300)
        #expect(full.aboveMax && !full.belowMin && full.suggestedOrder == 0)
        // 100 on hand, 140 wanted in the lead time: 0 at arrival, order 300. 200 on hand: 60 left, 240.
        let low = StockProjection(onHand: 200, weeklyDemand: [70, 70], leadTimeDays: 14, minLevel: 80, maxLevel: 300)
        #expect(low.atArrival == 60 && low.suggestedOrder == 240 && !low.belowMin)
        // Only a minimum: order up to it.
        let minOnly = StockProjection(onHand: 15, weeklyDemand: [7], leadTimeDays: 7, minLevel: 20, maxLevel: nil)
        #expect(minOnly.belowMin && minOnly.atArrival == 8 && minOnly.suggestedOrder == 12)
    }
}
