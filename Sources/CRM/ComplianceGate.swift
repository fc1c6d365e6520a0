/// The qualification gate of the star programme as of one day: a customer with a compliance violation in the
/// ``suspensionDays`` days before the as-of day (the window [D − days, D), like every analytics window) is
/// suspended — left out of the tiers and stars, not awarded a star score, left out of campaign launches.
public struct ComplianceGate: Sendable {
    /// How far back a violation suspends (`--suspension-days`, 365 by default).
    public static let defaultSuspensionDays = 365

    public let asOf: CalendarDay
    public var suspensionDays = ComplianceGate.defaultSuspensionDays
    /// Violations before the as-of day, oldest first, by position in the feature table.
    private let history: [Int: [ComplianceViolation]]

    /// A gate that suspends nobody.
    public init(asOf: CalendarDay) {
        self.asOf = asOf
        history = [:]
    }

    /// The gate over `violations` (by customer id) for the customers `ids` (the feature table's order);
    /// violations on or after the as-of day, or of customers not in `ids`, are ignored.
    public init(asOf: CalendarDay, violations: [String: [ComplianceViolation]], ids: [String]) {
        self.asOf = asOf
        var history: [Int: [ComplianceViolation]] = [:]
        for (index, id) in ids.enumerated() {
            guard let list = violations[id] else { continue }
            let before = list.filter { $0.at < asOf }.sorted { ($0.at, $0.id) < ($1.at, $1.id) }
            if !before.isEmpty { history[index] = before }
        }
        self.history = history
    }

    /// Violations of the customer at `index` in the `days` days before the as-of day.
    public func violations(of index: Int, withinDays days: Int) -> Int {
        let start = asOf.adding(days: -days)
        return history[index]?.reduce(0) { $0 + ($1.at >= start ? 1 : 0) } ?? 0
    }

    /// The newest violation that suspends the customer at `index`, or nil when it is not suspended.
    public func suspension(of index: Int) -> ComplianceViolation? {
        guard let newest = history[index]?.last, newest.at >= asOf.adding(days: -suspensionDays) else { return nil }
        return newest
    }

    /// Suspended customers by position, with the violation that suspends each (its newest).
    public var suspended: [Int: ComplianceViolation] {
        var result: [Int: ComplianceViolation] = [:]
        for index in history.keys { if let violation = suspension(of: index) { result[index] = violation } }
        return result
    }

    /// Per customer in `count` positions: suspended or not.
    public func suspendedFlags(count: Int) -> [Bool] {
        var flags = [Bool](repeating: false, count: count)
        for index in suspended.keys where index < count { flags[index] = true }
        return flags
    }
}
