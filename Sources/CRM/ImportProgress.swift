/// How far an import has read its file, as ``CSVImporter/progress`` reports it.
public struct ImportProgress: Sendable, Equatable {
    public var records: Int
    public var bytesRead: Int
    /// The file's size in bytes, when it could be read.
    public var fileSize: Int?

    public init(records: Int, bytesRead: Int, fileSize: Int?) {
        self.records = records
        self.bytesRead = bytesRead
        self.fileSize = fileSize
    }

    /// The share of the file read, 0 to 1, or nil when the size is unknown.
    public var fraction: Double? {
        guard let fileSize, fileSize > 0 else { return nil }
        return min(1, Double(bytesRead) / Double(fileSize))
    }
}
