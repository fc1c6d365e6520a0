import Foundation
import Replica

/// A day of the UTC calendar: the unit of as-of dates and order days in analytics.
///
/// An analysis "as of" a day D is a snapshot at the start of that day: it sees every order placed before D, and an
/// N-day period is the days [D − N, D), so a past day can be back-tested against what happened from D on. ISO text
/// bounds of a day compare correctly with stored timestamps (`YYYY-MM-DDTHH:MM:SSZ`), which keeps date filters in
/// SQL index-friendly.
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let daysSinceEpoch: Int

    public init(daysSinceEpoch: Int) { self.daysSinceEpoch = daysSinceEpoch }

    /// Parses `YYYY-MM-DD`; nil when the text is not a real date.
    public init?(_ text: String) {
        guard text.count == 10, let days = Timestamps.days(ofDate: Substring(text)) else { return nil }
        daysSinceEpoch = Int(days)
    }

    /// The current UTC day.
    public static func today(now: Date = Date()) -> CalendarDay {
        CalendarDay(daysSinceEpoch: Int((now.timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// The day `days` later (earlier when negative).
    public func adding(days: Int) -> CalendarDay { CalendarDay(daysSinceEpoch: daysSinceEpoch + days) }

    /// `YYYY-MM-DD`.
    public var description: String { String(startTimestamp.prefix(10)) }

    /// `YYYY-MM-DDT00:00:00Z`, the first instant of the day, as stored timestamps spell it.
    public var startTimestamp: String {
        Timestamps.iso(millis: Int64(daysSinceEpoch) * 86_400_000, fractional: false)
    }

    /// Whole days from `other` to this day.
    public func days(since other: CalendarDay) -> Int { daysSinceEpoch - other.daysSinceEpoch }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }
}
