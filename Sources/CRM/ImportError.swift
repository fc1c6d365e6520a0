/// Why an import could not run at all (a bad record is not an error: it is rejected and counted).
public enum ImportError: Error, CustomStringConvertible, Sendable {
    case cannotOpen(path: String)
    case unreadableHeader(path: String, detail: String)
    case missingColumns(path: String, columns: [String], header: [String])
    case malformedFile(path: String, line: Int, detail: String)
    /// The file is not UTF-8 from `line` on (the physical line of the first bad byte).
    case notUTF8(path: String, line: Int)
    case cannotWriteRejects(path: String, detail: String)
    case database(detail: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path):
            return "cannot open \(path): check the path and permissions"
        case .unreadableHeader(let path, let detail):
            return "\(path): cannot read the header row (\(detail)); the file must be UTF-8 CSV with a header"
        case .missingColumns(let path, let columns, let header):
            return "\(path): header lacks required column(s) \(columns.joined(separator: ", ")) "
                + "(found: \(header.joined(separator: ", "))); nothing was imported"
        case .malformedFile(let path, let line, let detail):
            return "\(path): unreadable after line \(line) (\(detail)); is it UTF-8? "
                + "Convert with `iconv -f GBK -t UTF-8`. Rows before it were imported"
        case .notUTF8(let path, let line):
            return "\(path): line \(line) is not valid UTF-8; the rows before it were imported, that line and the "
                + "rest were not. Convert the file (e.g. `iconv -f GBK -t UTF-8`) and import it again: rows already "
                + "imported stay unchanged"
        case .cannotWriteRejects(let path, let detail):
            return "cannot write rejects file \(path): \(detail)"
        case .database(let detail):
            return "database error during import: \(detail); the current batch was rolled back"
        }
    }
}
