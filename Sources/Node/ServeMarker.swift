import Foundation

/// `serve.pid` in the node directory: the pid of the running `outpost serve` (first line) and the endpoint
/// it bound (second line, once bound). Written at start, removed at a clean stop; a file whose process is
/// gone (a crash, `kill -9`) is stale and means "not listening".
public struct ServeMarker: Sendable, Equatable {
    public var pid: Int32
    public var endpoint: String?

    public init(pid: Int32, endpoint: String?) {
        self.pid = pid
        self.endpoint = endpoint
    }

    static func path(_ directory: NodeDirectory) -> String {
        directory.root.appendingPathComponent("serve.pid").path
    }

    /// The marker on disk, if any (alive or stale).
    public static func read(_ directory: NodeDirectory) -> ServeMarker? {
        guard let text = try? String(contentsOfFile: path(directory), encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = lines.first, let pid = Int32(first), pid > 0 else { return nil }
        return ServeMarker(pid: pid, endpoint: lines.count > 1 && !lines[1].isEmpty ? lines[1] : nil)
    }

    /// Whether the process still exists (signal 0 checks without sending anything; EPERM means it exists
    /// under another user).
    public var isAlive: Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    func write(_ directory: NodeDirectory) throws {
        let text = "\(pid)\n" + (endpoint.map { $0 + "\n" } ?? "")
        try Data(text.utf8).write(to: URL(fileURLWithPath: Self.path(directory)), options: .atomic)
    }

    /// Removes the marker if it is still this process's (a newer serve may have replaced it).
    func remove(_ directory: NodeDirectory) {
        guard Self.read(directory)?.pid == pid else { return }
        try? FileManager.default.removeItem(atPath: Self.path(directory))
    }
}
