import Analytics

/// Why a segment operation failed, each case saying what to do.
public enum SegmentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A name that is empty, too long or has characters other than letters, digits, `_`, `-` and `.`.
    case invalidName(String)
    /// The rule does not parse or type-check; `error.column` points into `source`.
    case invalidRule(source: String, error: RuleError)
    case unknownSegment(String)
    /// The segment exists but has no run on this node.
    case neverRun(String)
    /// A description longer than ``SegmentBook/maxDescriptionLength`` bytes.
    case descriptionTooLong(bytes: Int, limit: Int)

    public var description: String {
        switch self {
        case .invalidName(let name):
            return "segment name '\(name)' must be 1 to 64 letters, digits, '_', '-' or '.', starting with a letter "
                + "or digit"
        case .invalidRule(_, let error):
            return error.description
        case .unknownSegment(let name):
            return "no segment named '\(name)': see `outpost segment list`, or define it with `outpost segment define`"
        case .neverRun(let name):
            return "segment '\(name)' has not been run on this node: run `outpost segment run \(name)`"
        case .descriptionTooLong(let bytes, let limit):
            return "the description is \(bytes) bytes long; the limit is \(limit) bytes"
        }
    }
}
