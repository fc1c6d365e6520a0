import CRM

/// One problem `outpost doctor` found, with what to do about it.
public struct DoctorFinding: Sendable, Equatable {
    public enum Severity: String, Sendable, Comparable {
        /// Wrong now: data does not replicate, keys leak, the file is damaged. `doctor` exits 1.
        case error
        /// Worth fixing, nothing lost yet.
        case warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .error && rhs == .warning }
    }

    public var severity: Severity
    /// The check that found it (`integrity`, `change-capture`, `version-vector`, `key-files`, `peer-keys`,
    /// `clock-skew`).
    public var check: String
    public var message: String
    public var fix: String

    public var json: JSONValue {
        .object([
            "severity": .string(severity.rawValue), "check": .string(check), "message": .string(message),
            "fix": .string(fix),
        ])
    }
}
