import Foundation

/// ISO 8601 UTC text for stored timestamps. Formatting is done by hand: it runs once per captured row, and
/// Foundation's formatters cost microseconds each.
public enum Timestamps {
    /// `YYYY-MM-DDTHH:MM:SSZ` for a date.
    public static func iso(_ date: Date) -> String {
        iso(millis: Int64((date.timeIntervalSince1970 * 1000).rounded(.down)), fractional: false)
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ` (or without milliseconds) for milliseconds since 1970.
    public static func iso(millis: Int64, fractional: Bool = true) -> String {
        let (days, msOfDay) = millis.quotientAndRemainder(dividingBy: 86_400_000)
        let dayNumber = msOfDay < 0 ? days - 1 : days
        let ms = msOfDay < 0 ? msOfDay + 86_400_000 : msOfDay
        let (year, month, day) = civil(fromDays: dayNumber)
        let seconds = ms / 1000
        // Written digit by digit into a fixed buffer: this runs for every captured row.
        return String(unsafeUninitializedCapacity: 24) { buffer in
            var index = 0
            func put(_ value: Int64, _ width: Int) {
                var value = value
                for offset in stride(from: width - 1, through: 0, by: -1) {
                    buffer[index + offset] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value % 10)
                    value /= 10
                }
                index += width
            }
            func put(_ character: Unicode.Scalar) {
                buffer[index] = UInt8(ascii: character)
                index += 1
            }
            put(min(max(year, 0), 9999), 4)
            put("-")
            put(month, 2)
            put("-")
            put(day, 2)
            put("T")
            put(seconds / 3600, 2)
            put(":")
            put(seconds / 60 % 60, 2)
            put(":")
            put(seconds % 60, 2)
            if fractional {
                put(".")
                put(ms % 1000, 3)
            }
            put("Z")
            return index
        }
    }

    /// Parses `YYYY-MM-DD` into days since 1970-01-01, or nil when it is not a real date.
    public static func days(ofDate text: Substring) -> Int64? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int64(parts[0]), let month = Int64(parts[1]), let day = Int64(parts[2]),
            (1...12).contains(month), day >= 1, day <= daysInMonth(year, month)
        else { return nil }
        return daysFromCivil(year, month, day)
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS[.fff]Z` or with a `+HH:MM` offset into milliseconds since 1970.
    public static func millis(ofTimestamp text: String) -> Int64? {
        let date = text.prefix(10)
        guard let days = days(ofDate: date) else { return nil }
        var rest = text.dropFirst(10)
        if rest.isEmpty { return days * 86_400_000 }
        guard let separator = rest.first, separator == "T" || separator == " " else { return nil }
        rest = rest.dropFirst()
        let clock = rest.prefix(8)
        let fields = clock.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 3, fields.allSatisfy({ $0.count == 2 }), let hour = Int64(fields[0]),
            let minute = Int64(fields[1]), let second = Int64(fields[2]), hour < 24, minute < 60, second < 61
        else { return nil }
        rest = rest.dropFirst(8)
        var millis: Int64 = 0
        if rest.first == "." {
            let digits = rest.dropFirst().prefix { $0.isASCII && $0.isNumber }
            let head = String(digits.prefix(3))
            guard !digits.isEmpty, let fraction = Int64(head + String(repeating: "0", count: 3 - head.count)) else {
                return nil
            }
            millis = fraction
            rest = rest.dropFirst(1 + digits.count)
        }
        var offsetMinutes: Int64 = 0
        if rest == "Z" || rest.isEmpty {
            offsetMinutes = 0
        } else if let sign = rest.first, sign == "+" || sign == "-", rest.count == 6 {
            let zone = rest.dropFirst().split(separator: ":")
            guard zone.count == 2, let zh = Int64(zone[0]), let zm = Int64(zone[1]) else { return nil }
            offsetMinutes = (zh * 60 + zm) * (sign == "-" ? -1 : 1)
        } else {
            return nil
        }
        return days * 86_400_000 + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis
    }

    private static func daysInMonth(_ year: Int64, _ month: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days-from-civil and civil-from-days algorithms (proleptic Gregorian calendar).
    static func daysFromCivil(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
