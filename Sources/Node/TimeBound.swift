import Foundation
import Replica

/// A `--since` argument: a duration back from now (`90s`, `15m`, `3h`, `2d`, `1h30m`) or a UTC date or
/// timestamp (`2026-03-01`, `2026-03-01T10:00:00Z`).
public struct TimeBound: Sendable, Equatable {
    /// Milliseconds since 1970.
    public var millis: Int64

    public init(millis: Int64) { self.millis = millis }

    /// Parses `text`, durations counted back from `now`.
    public static func parse(_ text: String, now: Date = Date()) throws -> TimeBound {
        if let seconds = durationSeconds(text) {
            return TimeBound(millis: Int64((now.timeIntervalSince1970 - Double(seconds)) * 1000))
        }
        if let millis = Timestamps.millis(ofTimestamp: text) { return TimeBound(millis: millis) }
        throw NodeError.invalidArgument(
            "--since '\(text)' is neither a duration (90s, 15m, 3h, 2d, 1h30m) nor a date (2026-03-01, "
                + "2026-03-01T10:00:00Z)")
    }

    /// `1h30m` → 5400; nil unless the whole text is number-unit pairs.
    static func durationSeconds(_ text: String) -> Int64? {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        var total: Int64 = 0
        var digits = ""
        for character in text {
            if character.isASCII && character.isNumber {
                digits.append(character)
            } else if let unit = units[character], let amount = Int64(digits) {
                total += amount * unit
                digits = ""
            } else {
                return nil
            }
        }
        return digits.isEmpty && !text.isEmpty ? total : nil
    }

    /// The bound as stored timestamps compare: with milliseconds, so `.000Z` sorts before any later instant
    /// of the same second.
    public var iso: String { Timestamps.iso(millis: millis) }
}

extension Readable {
    /// How long ago an ISO timestamp was, `3h12m ago`, or `-` for none.
    public static func ago(_ iso: String?, now: Date = Date()) -> String {
        guard let seconds = age(iso, now: now) else { return "-" }
        return duration(seconds: max(0, seconds)) + " ago"
    }

    /// Seconds since an ISO timestamp.
    public static func age(_ iso: String?, now: Date = Date()) -> Double? {
        guard let iso, let millis = Timestamps.millis(ofTimestamp: iso) else { return nil }
        return now.timeIntervalSince1970 - Double(millis) / 1000
    }
}
