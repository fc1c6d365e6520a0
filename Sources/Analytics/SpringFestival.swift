/// Spring Festival (Chinese New Year, the first day of the first lunar month) 2015–2035. Tobacco demand peaks in
/// the weeks before it, and the day moves by up to 19 days from year to year, so a 52-week lag misaligns the peak.
/// Dates as the `lunardate` Python package gives them (`LunarDate(y, 1, 1).to_solar_date()`).
public enum SpringFestival {
    public static let dates = [
        "2015-02-19", "2016-02-08", "2017-01-28", "2018-02-16", "2019-02-05", "2020-01-25", "2021-02-12",
        "2022-02-01", "2023-01-22", "2024-02-10", "2025-01-29", "2026-02-17", "2027-02-06", "2028-01-26",
        "2029-02-13", "2030-02-03", "2031-01-23", "2032-02-11", "2033-01-31", "2034-02-19", "2035-02-08",
    ]

    /// The festival days as days since 1970-01-01, in year order.
    public static let days: [Int] = dates.map { text in
        let parts = text.split(separator: "-").map { Int($0)! }
        return daysSinceEpoch(year: parts[0], month: parts[1], day: parts[2])
    }

    /// Weeks either side of a festival in which its lag replaces 52 weeks.
    public static let windowDays = 56

    /// The lag in weeks that lines the week starting on `day` up with the same point of last year's festival:
    /// round((F − F′)/7) for the festival F nearest to `day` (within ``windowDays``) and the one before it, F′;
    /// nil outside every festival's window or the table.
    public static func lagWeeks(weekStarting day: Int) -> Int? {
        guard let index = days.indices.min(by: { abs(days[$0] - day) < abs(days[$1] - day) }), index > 0,
            abs(days[index] - day) <= windowDays
        else { return nil }
        return Int((Double(days[index] - days[index - 1]) / 7).rounded())
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
