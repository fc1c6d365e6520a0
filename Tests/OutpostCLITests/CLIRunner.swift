import Foundation
import Synchronization

/// Runs the built `outpost` binary, as a user would, against a scratch node directory.
struct CLIRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// A child that outlived its time limit; it has been killed.
    struct TimedOut: Error, CustomStringConvertible {
        var arguments: [String]
        var limit: Duration
        var description: String { "\(arguments.joined(separator: " ")) still running after \(limit); killed" }
    }

    let home: URL

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("outpost-cli-\(UUID())")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: home) }

    /// The binary beside the test bundle (both live in the build products folder).
    static var binary: URL {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            products.appendingPathComponent("outpost"),
            products.deletingLastPathComponent().appendingPathComponent("outpost"),
            Bundle.main.bundleURL.appendingPathComponent("outpost"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("outpost"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    func path(_ name: String) -> String { home.appendingPathComponent(name).path }

    /// Repository root, for the committed fixtures.
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// Runs `outpost --dir <home>/<node> arguments…`. `environment` entries are added to (or, when nil,
    /// removed from) the inherited environment.
    @discardableResult
    func run(
        _ arguments: [String], node: String = "node", environment: [String: String?] = [:],
        currentDirectory: URL? = nil, timeout: Duration = .seconds(60)
    ) throws -> Result {
        var full = ["--dir", path(node)] + arguments
        if arguments.first.map({ ["--help", "help"].contains($0) }) == true { full = arguments }
        return try Self.execute(
            Self.binary, full, environment: environment, currentDirectory: currentDirectory, timeout: timeout)
    }

    /// Runs the binary without `--dir`, for tests of how the node directory is chosen.
    func runWithoutDirectory(
        _ arguments: [String], environment: [String: String?] = [:], currentDirectory: URL? = nil
    ) throws -> Result {
        try Self.execute(Self.binary, arguments, environment: environment, currentDirectory: currentDirectory)
    }

    /// Runs `executable` to completion, or kills it after `timeout` and throws ``TimedOut``: a hung child
    /// fails its test instead of hanging the suite.
    static func execute(
        _ executable: URL, _ arguments: [String], environment: [String: String?] = [:],
        currentDirectory: URL? = nil, timeout: Duration = .seconds(60)
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            var merged = ProcessInfo.processInfo.environment
            for (name, value) in environment { merged[name] = value }
            process.environment = merged
        }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        // Drain both pipes while the child runs, so a large output cannot fill a pipe and block it.
        let output = Drained(out.fileHandleForReading)
        let errors = Drained(err.fileHandleForReading)
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        if exited.wait(timeout: .now() + seconds) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            exited.wait()
            throw TimedOut(arguments: arguments, limit: timeout)
        }
        return Result(
            status: process.terminationStatus, stdout: String(decoding: output.wait(), as: UTF8.self),
            stderr: String(decoding: errors.wait(), as: UTF8.self))
    }

    /// Everything a pipe yields until end of file, read on a background thread.
    final class Drained: Sendable {
        private let data = Mutex<Data?>(nil)
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            Thread.detachNewThread { [self] in
                let read = handle.readDataToEndOfFile()
                data.withLock { $0 = read }
                done.signal()
            }
        }

        /// The data, once the writer has closed its end (the child exited and any grandchildren too).
        func wait() -> Data {
            done.wait()
            return data.withLock { $0 ?? Data() }
        }
    }
}
