/// Why a received change must not be merged. One such change refuses its whole batch: nothing of it is
/// applied, so a batch is never half taken.
public enum ChangeRejection: Error, CustomStringConvertible, Sendable, Equatable {
    /// A sequence, causal length, clock or vector entry outside what a replica can store.
    case outOfRange(String)
    /// The change's clock is further ahead of this node's wall clock than the allowed skew.
    case clockAhead(change: String, aheadMillis: UInt64, limitMillis: UInt64)
    /// A value import would reject: wrong type, not one of a column's words, too long, a bad key.
    case invalidValue(change: String, reason: String)

    public var description: String {
        switch self {
        case .outOfRange(let detail):
            return "out of range: \(detail)"
        case .clockAhead(let change, let ahead, let limit):
            return "\(change) is stamped \(Self.duration(ahead)) ahead of this node's clock "
                + "(at most \(Self.duration(limit)) allowed): fix the writer's clock"
        case .invalidValue(let change, let reason):
            return "invalid value in \(change): \(reason)"
        }
    }

    /// `10 years`, `6m12s`: enough to tell a drifting clock from a wrong year.
    public static func duration(_ millis: UInt64) -> String {
        let seconds = millis / 1000
        if seconds >= 2 * 365 * 86_400 { return "\(seconds / (365 * 86_400)) years" }
        if seconds >= 2 * 86_400 { return "\(seconds / 86_400) days" }
        if seconds >= 3_600 { return "\(seconds / 3_600)h\(seconds % 3_600 / 60)m" }
        if seconds >= 60 { return "\(seconds / 60)m\(seconds % 60)s" }
        return "\(millis) ms"
    }
}
