import Foundation

/// A fresh temporary directory for one test's real files, removed when released.
public final class ScratchDirectory: Sendable {
    public let url: URL

    public init(_ prefix: String = "outpost-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The path of `name` inside the directory.
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}
