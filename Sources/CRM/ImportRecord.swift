import Foundation
import Replica

/// One CSV record seen through its file's header, with typed accessors that reject with a reason.
struct ImportRecord {
    let fields: [String]
    let columns: [String: Int]

    /// The trimmed field, or nil when the column is absent or the field empty. A quote that an export put before
    /// a formula character (``FormulaEscape``) is taken off.
    func optional(_ name: String) -> String? {
        guard let index = columns[name], index < fields.count else { return nil }
        let text = FormulaEscape.unescaped(fields[index].trimmingCharacters(in: .whitespaces))
        return text.isEmpty ? nil : text
    }

    /// Refuses a record with a NUL byte in any field (SQLite and most tools end text at it, so the value would be
    /// cut short) or with a field longer than its column's limit in UTF-8 bytes.
    func checkFields(limits: [String: Int]) throws(RowRejection) {
        if let index = fields.firstIndex(where: { $0.utf8.contains(0) }) {
            let name = columns.first { $0.value == index }?.key ?? "field \(index + 1)"
            throw RowRejection("\(name) contains a NUL byte (\\0); remove it from the file")
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
        guard let millis = Timestamps.millis(ofTimestamp: text) else {
            throw RowRejection("\(name) '\(text)' is not an ISO 8601 timestamp (YYYY-MM-DDTHH:MM:SSZ)")
        }
        return Timestamps.iso(millis: millis, fractional: false)
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
