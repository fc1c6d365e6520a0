import Foundation
import GRDB

/// A JSON value with deterministic serialization (object keys sorted), for `--json` output that scripts
/// and tests can compare.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case integer(Int64)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let int): self = .integer(int)
        case .double(let double): self = .number(double)
        case .string(let string): self = .string(string)
        case .blob(let data): self = .string(data.base64EncodedString())
        }
    }

    public func serialized(pretty: Bool = false, indent: String = "") -> String {
        switch self {
        case .null: return "null"
        case .bool(let bool): return bool ? "true" : "false"
        case .integer(let int): return String(int)
        case .number(let double):
            guard double.isFinite else { return "null" }
            return double == double.rounded() && abs(double) < 1e15 ? String(Int64(double)) : String(double)
        case .string(let string): return Self.quote(string)
        case .array(let items):
            if items.isEmpty { return "[]" }
            if !pretty { return "[" + items.map { $0.serialized() }.joined(separator: ",") + "]" }
            let inner = indent + "  "
            return "[\n" + items.map { inner + $0.serialized(pretty: true, indent: inner) }.joined(separator: ",\n")
                + "\n" + indent + "]"
        case .object(let fields):
            if fields.isEmpty { return "{}" }
            let keys = fields.keys.sorted()
            if !pretty {
                return "{" + keys.map { Self.quote($0) + ":" + fields[$0]!.serialized() }.joined(separator: ",") + "}"
            }
            let inner = indent + "  "
            return "{\n"
                + keys.map { inner + Self.quote($0) + ": " + fields[$0]!.serialized(pretty: true, indent: inner) }
                .joined(separator: ",\n") + "\n" + indent + "}"
        }
    }

    static func quote(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
