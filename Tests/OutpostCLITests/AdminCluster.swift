import Foundation
import Testing

/// Several real nodes driven through the built binary: `init` with an ephemeral loopback port, `serve` as
/// child processes (their bound endpoint read from `serve.pid`), peers added both ways with real keys.
final class AdminCluster {
    let cli: CLIRunner
    private var serving: [String: Process] = [:]

    init() throws { cli = try CLIRunner() }

    deinit {
        for name in Array(serving.keys) { stop(name) }
        cli.cleanUp()
    }

    func initialize(_ name: String, role: String = "office") throws {
        let result = try cli.run(
            ["init", "--name", name, "--role", role, "--region", name, "--listen", "tcp://127.0.0.1:0"], node: name)
        #expect(result.status == 0, "\(result.stderr)")
    }

    func publicKey(_ name: String) throws -> String {
        try String(contentsOfFile: cli.path(name) + "/keys/curve.public", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `on` accepts `peer`'s key and, with an endpoint, dials it.
    func addPeer(on node: String, _ peer: String, endpoint: String? = nil) throws {
        var arguments = ["peer", "add", peer, "--key", try publicKey(peer)]
        if let endpoint { arguments += ["--endpoint", endpoint] }
        let result = try cli.run(arguments, node: node)
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// Starts `outpost serve` for `name` and returns the endpoint it bound.
    @discardableResult
    func serve(_ name: String) throws -> String {
        let process = Process()
        process.executableURL = CLIRunner.binary
        process.arguments = ["serve", "--dir", cli.path(name), "--log-level", "error"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        serving[name] = process
        let marker = cli.path(name) + "/serve.pid"
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: marker, encoding: .utf8) {
                let lines = text.split(separator: "\n")
                if lines.count == 2, lines[0] == "\(process.processIdentifier)" { return String(lines[1]) }
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw ClusterError.didNotBind(name)
    }

    /// Stops a serve with `signal` (SIGINT, as an operator's Ctrl-C, unless told otherwise) and waits up to
    /// 15 s for it to exit; returns its exit status, or nil (after killing it) if it did not exit.
    @discardableResult
    func stop(_ name: String, signal: Int32 = SIGINT) -> Int32? {
        guard let process = serving.removeValue(forKey: name) else { return nil }
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            Issue.record("serve of \(name) still running 15 s after signal \(signal); killed")
            return nil
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// The pid of `name`'s running serve.
    func servePid(_ name: String) -> Int32? { serving[name]?.processIdentifier }

    func run(_ name: String, _ arguments: [String]) throws -> CLIRunner.Result {
        try cli.run(arguments, node: name)
    }

    /// Runs a `--json` command and parses its output.
    func json(_ name: String, _ arguments: [String]) throws -> (status: Int32, value: Any) {
        let result = try cli.run(arguments + ["--json"], node: name)
        let value = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return (result.status, value)
    }

    enum ClusterError: Error { case didNotBind(String) }
}

extension Array where Element == [String: Any] {
    /// The object whose `name` is `name`.
    func named(_ name: String) -> [String: Any]? { first { $0["name"] as? String == name } }
}
