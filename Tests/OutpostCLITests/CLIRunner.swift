import Foundation

/// Runs the built `outpost` binary, as a user would, against a scratch node directory.
struct CLIRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
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

    @discardableResult
    func run(_ arguments: [String], node: String = "node") throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["--dir", path(node)] + arguments
        if arguments.first.map({ ["--help", "help"].contains($0) }) == true { process.arguments = arguments }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting so a large output cannot fill the pipe and block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}
