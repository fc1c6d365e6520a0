import GRDB

/// A campaign as stored in the replicated `campaigns` table.
public struct Campaign: Sendable, Equatable {
    public var id: String
    public var name: String
    public var segment: String
    public var channel: String?
    public var startsOn: CalendarDay
    public var endsOn: CalendarDay
    public var holdoutPercent: Double
    public var region: String?
    public var goal: CampaignGoal
    public var attributionDays: Int
    public var createdAt: String
    public var createdBy: String
    public var launchedOn: CalendarDay?
    public var launchedAt: String?
    public var launchedBy: String?

    /// Where a campaign stands on a day.
    public enum State: String, Sendable {
        case draft, active, ended
    }

    /// Draft until launched; then active through its end day, ended after.
    public func state(on day: CalendarDay) -> State {
        guard launchedOn != nil else { return .draft }
        return day > endsOn ? .ended : .active
    }

    /// First and last day a qualifying order converts a member: from the later of launch and start to the end
    /// plus the attribution days. Nil before launch.
    public var conversionWindow: ClosedRange<CalendarDay>? {
        guard let launchedOn else { return nil }
        let first = max(launchedOn, startsOn)
        let last = endsOn.adding(days: attributionDays)
        return first <= last ? first...last : nil
    }

    init?(row: Row) {
        guard let starts = CalendarDay(row["starts_on"] ?? ""), let ends = CalendarDay(row["ends_on"] ?? "") else {
            return nil
        }
        id = row["id"]
        name = row["name"] ?? ""
        segment = row["segment"] ?? ""
        channel = row["channel"]
        startsOn = starts
        endsOn = ends
        holdoutPercent = row["holdout_pct"] ?? 0
        region = row["region"]
        goal = CampaignGoal(row["goal"] ?? "any") ?? .anyOrder
        attributionDays = row["attribution_days"] ?? 30
        createdAt = row["created_at"] ?? ""
        createdBy = row["created_by"] ?? ""
        launchedOn = (row["launched_on"] as String?).flatMap(CalendarDay.init)
        launchedAt = row["launched_at"]
        launchedBy = row["launched_by"]
    }
}

/// One member row of a campaign, with its customer's name and region.
public struct CampaignMember: Sendable, Equatable {
    public var customerID: String
    public var name: String
    public var region: String
    public var phone: String
    public var isControl: Bool
    public var bucket: Int?
    public var contactedAt: String?
    public var outcome: String?
    public var note: String?
}

/// What `campaign launch` wrote.
public struct CampaignLaunch: Sendable, Equatable {
    public var campaign: Campaign
    /// Customers the segment matched (in the campaign's region, when it has one).
    public var matched: Int
    public var targets: Int
    public var controls: Int
    /// Matched customers left out for lack of marketing consent.
    public var withoutConsent: Int
    /// Matched customers left out because they are suspended from the star programme (a compliance violation
    /// in the suspension window before the launch day); counted before consent is looked at.
    public var suspended = 0
}
