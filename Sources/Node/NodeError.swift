/// Errors of the node layer, each saying what to do.
public enum NodeError: Error, CustomStringConvertible, Sendable {
    case notInitialized(String)
    case alreadyInitialized(String)
    case notWritable(String)
    case badConfig(path: String, detail: String)
    case invalidArgument(String)
    case notFound(String)

    public var description: String {
        switch self {
        case .notInitialized(let path):
            return "no Outpost node in \(path): run `outpost init --name N --role office|hq --region R` "
                + "or pass --dir / set OUTPOST_DIR"
        case .alreadyInitialized(let path):
            return "\(path) already holds an Outpost node; choose another --dir"
        case .notWritable(let path):
            return "the node directory \(path) is not writable by this user, so this command cannot change it "
                + "(commands that only read still work): run it as the node's owner or fix the permissions"
        case .badConfig(let path, let detail):
            return "cannot read \(path): \(detail)"
        case .invalidArgument(let message):
            return message
        case .notFound(let message):
            return message
        }
    }
}
