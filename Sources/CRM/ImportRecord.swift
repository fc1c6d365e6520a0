import Foundation
import Replica

/// One CSV record seen through its file's header, with typed accessors that reject with a reason.
struct ImportRecord {
    let fields: [String]
    let columns: [String: Int]
    /// The length limit of each field by position (``ImportKind/limitsByPosition(header:)``), worked out once per
    /// file; nil: looked up by name for each record.
    var limitsByPosition: [Int]?

    init(fields: [String], columns: [String: Int], limitsByPosition: [Int]? = nil) {
        self.fields = fields
        self.columns = columns
        self.limitsByPosition = limitsByPosition
    }

    /// The trimmed field, or nil when the column is absent or the field empty. A quote that an export put before
    /// a formula character (``FormulaEscape``) is taken off.
    func optional(_ name: String) -> String? {
        guard let index = columns[name], index < fields.count else { return nil }
        let text = FormulaEscape.unescaped(Self.trimmed(fields[index]))
        return text.isEmpty ? nil : text
    }

    /// The text without leading and trailing white space (Unicode space separators and tab, Foundation's
    /// `.whitespaces`); a field that needs no trimming, nearly every one, is returned without a copy.
    static func trimmed(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return text }
        guard isWhitespace(first) || isWhitespace(last) else { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || scalar == "\t" }
        return scalar.properties.generalCategory == .spaceSeparator
    }

    /// Refuses a record with a NUL byte in any field (SQLite and most tools end text at it, so the value would be
    /// cut short) or with a field longer than its column's limit in UTF-8 bytes.
    func checkFields(limits: [String: Int]) throws(RowRejection) {
        if let index = fields.firstIndex(where: { $0.utf8.contains(0) }) {
            let name = columns.first { $0.value == index }?.key ?? "field \(index + 1)"
            throw RowRejection("\(name) contains a NUL byte (\\0); remove it from the file")
        }
        if let limitsByPosition {
            for (index, field) in fields.enumerated() where field.utf8.count > limitsByPosition[index] {
                let name = columns.first { $0.value == index }?.key ?? "field \(index + 1)"
                throw RowRejection(
                    "\(name) is \(field.utf8.count) bytes long; the limit is \(limitsByPosition[index]) bytes")
            }
            return
        }
        for (name, limit) in limits {
            guard let index = columns[name], index < fields.count else { continue }
            let length = fields[index].utf8.count
            if length > limit {
                throw RowRejection("\(name) is \(length) bytes long; the limit is \(limit) bytes")
            }
        }
    }

    func required(_ name: String) throws(RowRejection) -> String {
        guard let text = optional(name) else { throw RowRejection("\(name) is required") }
        return text
    }

    func oneOf(_ name: String, _ allowed: Set<String>) throws(RowRejection) -> String? {
        guard let text = optional(name) else { return nil }
        if allowed.contains(text) { return text }  // already lower case, as nearly always
        let folded = text.lowercased()
        guard allowed.contains(folded) else {
            throw RowRejection("\(name) '\(text)' is not one of \(allowed.sorted().joined(separator: ", "))")
        }
        return folded
    }

    func date(_ name: String) throws(RowRejection) -> String? {
        guard let text = optional(name) else { return nil }
        guard Timestamps.days(ofDate: Substring(text)) != nil, text.count == 10 else {
            throw RowRejection("\(name) '\(text)' is not a date (YYYY-MM-DD)")
        }
        return text
    }

    /// A timestamp normalised to `YYYY-MM-DDTHH:MM:SSZ` (UTC), so stored text sorts by time.
    func timestamp(_ name: String) throws(RowRejection) -> String? {
        guard let text = optional(name) else { return nil }
        if Self.isCanonicalTimestamp(text) { return text }
        guard let millis = Timestamps.millis(ofTimestamp: text) else {
            throw RowRejection("\(name) '\(text)' is not an ISO 8601 timestamp (YYYY-MM-DDTHH:MM:SSZ)")
        }
        return Timestamps.iso(millis: millis, fractional: false)
    }

    /// Whether the text is already `YYYY-MM-DDTHH:MM:SSZ` with a real date and time, so it is stored as it is
    /// (what the general parse and format would give back); checked byte by byte, as it runs for every order.
    static func isCanonicalTimestamp(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes -> Bool in
            guard bytes.count == 20, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A,
                bytes[16] == 0x3A, bytes[19] == 0x5A
            else { return false }
            func number(_ at: Int, _ width: Int) -> Int? {
                var value = 0
                for index in at..<at + width {
                    let digit = Int(bytes[index]) - 0x30
                    guard (0...9).contains(digit) else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
                let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
                (1...12).contains(month), day >= 1, hour < 24, minute < 60, second < 60
            else { return false }
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            return day <= days[month - 1]
        }
    }

    func number(_ name: String) throws(RowRejection) -> Double? {
        guard let text = optional(name) else { return nil }
        guard let value = Double(text), value.isFinite else {
            throw RowRejection("\(name) '\(text)' is not a number")
        }
        return value
    }

    func integer(_ name: String) throws(RowRejection) -> Int64? {
        guard let text = optional(name) else { return nil }
        guard let value = Int64(text) else { throw RowRejection("\(name) '\(text)' is not a whole number") }
        return value
    }

    func bool(_ name: String) throws(RowRejection) -> Bool? {
        guard let text = optional(name) else { return nil }
        switch text.lowercased() {
        case "true", "1", "yes", "y": return true
        case "false", "0", "no", "n": return false
        default: throw RowRejection("\(name) '\(text)' is not true or false")
        }
    }
}
