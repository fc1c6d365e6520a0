import Foundation
import Testing

/// A node directory this user cannot write (another user's node, a read-only mount): commands that only read
/// still answer, and commands that write say why they cannot instead of "SQLite error 14".
@Suite(.timeLimit(.minutes(5))) struct ReadOnlyNodeTests {
    /// Root writes anywhere, so as root the commands run as `nobody`, who owns the node but may not write it.
    static let nobody: UInt32 = 65_534

    static func lockDown(_ cli: CLIRunner) throws {
        let node = cli.path("node")
        if getuid() == 0 {
            let files = try FileManager.default.subpathsOfDirectory(atPath: node).map { node + "/" + $0 }
            for path in [cli.home.path, node] + files { chown(path, nobody, nobody) }
        }
        for file in try FileManager.default.contentsOfDirectory(atPath: node) where !file.hasPrefix("keys") {
            chmod(node + "/" + file, 0o400)
        }
        chmod(node, 0o500)
    }

    static func run(_ cli: CLIRunner, _ arguments: [String]) throws -> CLIRunner.Result {
        let process = Process()
        let command = [CLIRunner.binary.path, "--dir", cli.path("node")] + arguments
        if getuid() == 0 {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=\(nobody)", "--regid=\(nobody)", "--clear-groups"] + command
        } else {
            process.executableURL = URL(fileURLWithPath: command[0])
            process.arguments = Array(command.dropFirst())
        }
        let (out, err) = (Pipe(), Pipe())
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIRunner.Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func readCommandsAnswerAndWriteCommandsSayTheDirectoryIsNotWritable() throws {
        let cli = try CLIRunner()
        defer {
            chmod(cli.path("node"), 0o700)
            cli.cleanUp()
        }
        try cli.run(["init", "--name", "east-1", "--role", "office", "--region", "east"])
        try cli.run(["customer", "add", "C1", "--name", "Zhang", "--region", "east"])
        try cli.run(["segment", "define", "all", "has_orders or not has_orders"])
        try cli.run(["tag", "add", "C1", "vip"])
        try Self.lockDown(cli)

        let reads: [([String], String)] = [
            (["customer", "list"], "C1"), (["customer", "show", "C1", "--json"], "Zhang"),
            (["export", "customers"], "C1,**,Zhang"), (["checksum", "--json"], "customers"),
            (["segment", "list"], "all"), (["keys", "show"], "east-1"), (["tag", "list", "C1"], "vip"),
            (["status", "--json"], "east-1"), (["log", "--json"], "["), (["conflicts", "--json"], "["),
            (["analytics", "rfm", "--json"], "{"),
        ]
        for (arguments, expected) in reads {
            let result = try Self.run(cli, arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(result.stdout.contains(expected), "\(arguments): \(result.stdout)")
            #expect(!result.stderr.contains("SQLite error"), "\(arguments): \(result.stderr)")
        }
        for arguments in [
            ["customer", "add", "C2", "--name", "Li", "--region", "west"],
            ["customer", "update", "C1", "--phone", "1"],
            ["tag", "add", "C1", "gold"], ["segment", "run"],
        ] {
            let result = try Self.run(cli, arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.contains("is not writable by this user"), "\(arguments): \(result.stderr)")
        }
    }
}
