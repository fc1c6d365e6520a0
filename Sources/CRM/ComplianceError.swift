/// Why a compliance command was refused; each message says what to do instead.
public enum ComplianceError: Error, Equatable, CustomStringConvertible {
    case unknownCustomer(String)
    case invalidKind(String)
    case invalidDate(String)
    case noteTooLong(bytes: Int, limit: Int)
    case invalidSuspensionDays(Int)

    public var description: String {
        switch self {
        case .unknownCustomer(let id):
            return "no customer '\(id)' on this node (see `outpost customer list`, or import customers first)"
        case .invalidKind(let text):
            return "--kind '\(text)' is not one of \(CRMVocabulary.violationKinds.sorted().joined(separator: ", "))"
        case .invalidDate(let text): return "'\(text)' is not a YYYY-MM-DD day"
        case .noteTooLong(let bytes, let limit):
            return "--note is \(bytes) bytes long; the limit is \(limit) bytes (UTF-8)"
        case .invalidSuspensionDays(let days): return "--suspension-days is 1 to 3650, got \(days)"
        }
    }
}
