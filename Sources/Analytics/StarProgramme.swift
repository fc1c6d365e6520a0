/// The star programme over time: every customer's tier at each quarter end, recomputed from their order days
/// (not from stored runs), the migrations between consecutive quarter ends and the programme's KPIs.
///
/// A quarter end is a snapshot at its *boundary*, the first day after the quarter: a customer's tier there is
/// the tier of their spend over `[boundary − 365, boundary)`, the rule of the value pyramid. A customer takes
/// part at a quarter end when they made a purchase (an order with a positive amount) in that window; otherwise
/// they are outside the programme there (not yet in it, or gone after a year without a purchase).
public struct StarProgramme: Sendable, Equatable {
    /// Where a customer stands at one quarter end, or on one side of a migration.
    public enum Standing: String, Sendable, CaseIterable, Comparable {
        /// Not in the programme at the earlier quarter end, in it at the later one (rows of a migration only).
        case new
        case basic
        case potential
        case value
        /// In the programme at the earlier quarter end, out of it at the later one (columns of a migration only).
        case gone

        var rank: Int { Self.allCases.firstIndex(of: self)! }
        public static func < (lhs: Standing, rhs: Standing) -> Bool { lhs.rank < rhs.rank }

        init(_ tier: StarTier) {
            switch tier {
            case .basic: self = .basic
            case .potential: self = .potential
            case .value: self = .value
            }
        }
    }

    /// One quarter end: its label (e.g. `2026Q3`) and its boundary day (days since 1970-01-01).
    public struct QuarterEnd: Sendable, Equatable {
        public var label: String
        public var boundary: Int

        public init(label: String, boundary: Int) {
            self.label = label
            self.boundary = boundary
        }
    }

    /// A tier's customers and spend at one quarter end.
    public struct Level: Sendable, Equatable {
        public var tier: StarTier
        public var customers: Int
        /// Their spend over the trailing 365 days.
        public var spend: Double
        /// `spend` / all spend of the customers in the programme; 0 when that is 0.
        public var spendShare: Double
    }

    /// The programme's key figures at one quarter end, each over the quarter that ends there.
    public struct KPIs: Sendable, Equatable {
        /// Customers who were `potential` four quarter ends earlier.
        public var potentialCohort: Int
        /// Share of that cohort who were `value` at any of the four quarter ends since; nil without a cohort.
        public var potentialToValue: Double?
        /// Customers who were `value` at the previous quarter end.
        public var valueAtStart: Int
        /// Share of those still `value` now; nil when there were none.
        public var valueRetention: Double?
        /// Share of those with no purchase in the last 90 days of the quarter (`[boundary − 90, boundary)`).
        public var valueChurn: Double?
        /// `value` now and not at the previous quarter end.
        public var newValue: Int
        /// `value` at the previous quarter end and not now.
        public var lostValue: Int
    }

    /// One quarter end: levels from `value` down, KPIs, and the migration from the quarter end before it.
    public struct Quarter: Sendable, Equatable {
        public var end: QuarterEnd
        public var levels: [Level]
        public var kpis: KPIs
        public var migration: ProgrammeMigration

        /// Customers in the programme at this quarter end.
        public var customers: Int { levels.reduce(0) { $0 + $1.customers } }

        public func level(_ tier: StarTier) -> Level { levels.first { $0.tier == tier }! }
    }

    /// Quarter ends reported, oldest first.
    public var quarters: [Quarter]

    /// Quarter ends computed before the first reported one, so its migration and its four-quarter conversion
    /// have a history.
    public static let lookback = 4

    /// Computes the programme of `customers` at `ends` (oldest first, each boundary after the previous). The
    /// first ``lookback`` ends are history only: `quarters` reports the rest.
    public static func compute(
        _ customers: [OrderDays], at ends: [QuarterEnd], thresholds: TierThresholds = TierThresholds()
    ) -> StarProgramme {
        precondition(ends.count > lookback, "need more quarter ends than the lookback")
        let snapshots = customers.map { customer in ends.map { customer.snapshot(at: $0.boundary) } }
        var quarters: [Quarter] = []
        for j in lookback..<ends.count {
            var customersIn: [StarTier: Int] = [:]
            var spendIn: [StarTier: Double] = [:]
            var migration = ProgrammeMigration(from: ends[j - 1].label, to: ends[j].label)
            var kpis = KPIs(
                potentialCohort: 0, potentialToValue: nil, valueAtStart: 0, valueRetention: nil, valueChurn: nil,
                newValue: 0, lostValue: 0)
            var converted = 0
            var retained = 0
            var churned = 0
            for history in snapshots {
                let now = history[j].tier(thresholds)
                let before = history[j - 1].tier(thresholds)
                if let now {
                    customersIn[now, default: 0] += 1
                    spendIn[now, default: 0] += history[j].spend365
                }
                if before != nil || now != nil {
                    migration.add(from: before.map(Standing.init) ?? .new, to: now.map(Standing.init) ?? .gone)
                }
                if before == .value {
                    kpis.valueAtStart += 1
                    if now == .value { retained += 1 } else { kpis.lostValue += 1 }
                    if !history[j].purchased90 { churned += 1 }
                } else if now == .value {
                    kpis.newValue += 1
                }
                if history[j - lookback].tier(thresholds) == .potential {
                    kpis.potentialCohort += 1
                    if history[(j - lookback + 1)...j].contains(where: { $0.tier(thresholds) == .value }) {
                        converted += 1
                    }
                }
            }
            if kpis.potentialCohort > 0 { kpis.potentialToValue = Double(converted) / Double(kpis.potentialCohort) }
            if kpis.valueAtStart > 0 {
                kpis.valueRetention = Double(retained) / Double(kpis.valueAtStart)
                kpis.valueChurn = Double(churned) / Double(kpis.valueAtStart)
            }
            let total = spendIn.values.reduce(0, +)
            let levels = StarTier.allCases.reversed().map { tier in
                Level(
                    tier: tier, customers: customersIn[tier] ?? 0, spend: spendIn[tier] ?? 0,
                    spendShare: total != 0 ? (spendIn[tier] ?? 0) / total : 0)
            }
            quarters.append(Quarter(end: ends[j], levels: levels, kpis: kpis, migration: migration))
        }
        return StarProgramme(quarters: quarters)
    }

    /// One customer's order days, in day order: the input of ``compute(_:at:thresholds:)``.
    public struct OrderDays: Sendable {
        /// Days since 1970-01-01, ascending, one entry per day with orders.
        public var days: [Int]
        /// Total amount of each day's orders (returns count negative).
        public var spend: [Double]
        /// Whether the day had a purchase (an order with a positive amount).
        public var purchased: [Bool]

        public init(days: [Int], spend: [Double], purchased: [Bool]) {
            precondition(days.count == spend.count && days.count == purchased.count, "one entry per day")
            self.days = days
            self.spend = spend
            self.purchased = purchased
        }

        /// Spend and purchases in the windows ending at `boundary`.
        func snapshot(at boundary: Int) -> Snapshot {
            var result = Snapshot()
            var i = firstIndex(atOrAfter: boundary - 365)
            while i < days.count && days[i] < boundary {
                result.spend365 += spend[i]
                if purchased[i] {
                    result.purchased365 = true
                    if days[i] >= boundary - 90 { result.purchased90 = true }
                }
                i += 1
            }
            return result
        }

        private func firstIndex(atOrAfter day: Int) -> Int {
            var low = 0
            var high = days.count
            while low < high {
                let mid = (low + high) / 2
                if days[mid] < day { low = mid + 1 } else { high = mid }
            }
            return low
        }
    }

    /// A customer at one quarter end.
    struct Snapshot {
        var spend365 = 0.0
        var purchased365 = false
        var purchased90 = false

        /// The tier, or nil when outside the programme (no purchase in the trailing 365 days).
        func tier(_ thresholds: TierThresholds) -> StarTier? {
            purchased365 ? thresholds.tier(forSpend: spend365) : nil
        }
    }
}
