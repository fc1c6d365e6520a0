/// Monthly cohort retention: customers grouped by the month of their first purchase, and how many of each group
/// bought again k months later (k = 0 is the first month itself, so every member).
///
/// Months are numbered `12 * year + (month - 1)`, so consecutive months differ by one.
///
/// ```swift
/// // Two customers first buying in month 100; one of them again in month 102.
/// let triangle = CohortRetention(purchaseMonths: [[100, 102], [100]], lastMonth: 102, completeThrough: 101)
/// triangle.cohorts[0].retained  // [2, 0, 1]
/// ```
public struct CohortRetention: Sendable, Equatable {
    /// One cohort.
    public struct Cohort: Sendable, Equatable {
        /// The month of the members' first purchase.
        public var month: Int
        public var size: Int
        /// `retained[k]`: members with a purchase in month `month + k`, for every month through the last one.
        public var retained: [Int]
        /// Leading entries of `retained` whose month is complete; a later one is partial (immature).
        public var matureMonths: Int
    }

    /// Oldest first: every month from the first cohort kept (or the oldest first purchase) through `lastMonth`,
    /// months without first purchases as empty cohorts.
    public var cohorts: [Cohort]

    /// The triangle of `purchaseMonths` (per customer, the months with a purchase, in any order; customers
    /// without any are ignored), counting months through `lastMonth`; months after `completeThrough` are
    /// partial. Only cohorts from `firstCohort` on are kept: customers who first bought before it are left out.
    public init(purchaseMonths: [[Int]], lastMonth: Int, completeThrough: Int, firstCohort: Int = .min) {
        var members: [Int: [Set<Int>]] = [:]
        for months in purchaseMonths {
            guard let first = months.min(), first <= lastMonth, first >= firstCohort else { continue }
            members[first, default: []].append(Set(months))
        }
        let start = firstCohort == .min ? members.keys.min() : firstCohort
        cohorts = (start.map { Array(stride(from: $0, through: lastMonth, by: 1)) } ?? []).map { month in
            let group = members[month] ?? []
            let retained = (0...(lastMonth - month)).map { k in group.filter { $0.contains(month + k) }.count }
            return Cohort(
                month: month, size: group.count, retained: retained,
                matureMonths: min(max(completeThrough - month + 1, 0), retained.count))
        }
    }

    /// `2026-03` for a month number.
    public static func label(_ month: Int) -> String {
        let year = month / 12
        let number = month % 12 + 1
        return "\(year)-" + (number < 10 ? "0" : "") + "\(number)"
    }

    /// The month number of `YYYY-MM…` text, or nil.
    public static func month(of text: Substring) -> Int? {
        guard text.count >= 7, let year = Int(text.prefix(4)), let month = Int(text.dropFirst(5).prefix(2)),
            (1...12).contains(month)
        else { return nil }
        return 12 * year + month - 1
    }
}
