import Foundation
import GRDB
import Testing

/// Documented behaviour of the node commands (docs/cli.md): key files, `keys show --json`, how the node
/// directory is chosen, `status` exit codes and a stale `serve.pid`, colour and `NO_COLOR`, and signals.
@Suite(.timeLimit(.minutes(5))) struct NodeCLITests {
    @Test func initWritesTheSecretKeyOwnerOnlyAndKeysShowPrintsWhatAPeerNeeds() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let created = try cli.run(
            ["init", "--name", "east-1", "--role", "office", "--region", "east", "--listen", "tcp://127.0.0.1:0"])
        #expect(created.status == 0, "\(created.stderr)")
        let keys = cli.path("node") + "/keys"
        let mode = try FileManager.default.attributesOfItem(atPath: keys + "/curve.secret")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let publicKey = try String(contentsOfFile: keys + "/curve.public", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(publicKey.count == 40)

        let shown = try cli.run(["keys", "show", "--json"])
        #expect(shown.status == 0)
        let object = try jsonObject(shown.stdout)
        #expect(Set(object.keys) == ["endpoint", "name", "node_id", "public_key", "region", "role"])
        #expect(object["public_key"] as? String == publicKey)
        #expect(object["name"] as? String == "east-1")
        #expect(object["role"] as? String == "office" && object["region"] as? String == "east")
        #expect(object["endpoint"] as? String == "tcp://127.0.0.1:0")
        let status = try jsonObject(try cli.run(["status", "--json"]).stdout)
        #expect(object["node_id"] as? String == (status["node"] as? [String: Any])?["node_id"] as? String)
        #expect((object["node_id"] as? String)?.count == 36)
    }

    @Test func theNodeDirectoryComesFromDirThenOutpostDirThenTheWorkingDirectory() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let work = cli.home.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let initArguments = ["init", "--name", "n", "--role", "office", "--region", "east"]

        // Neither --dir nor $OUTPOST_DIR: ./outpost-data.
        let plain = try cli.runWithoutDirectory(
            initArguments, environment: ["OUTPOST_DIR": nil], currentDirectory: work)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(FileManager.default.fileExists(atPath: work.path + "/outpost-data/replica.sqlite"))

        // $OUTPOST_DIR wins over the default.
        let fromEnvironment = cli.path("from-env")
        let env = try cli.runWithoutDirectory(
            initArguments, environment: ["OUTPOST_DIR": fromEnvironment], currentDirectory: work)
        #expect(env.status == 0, "\(env.stderr)")
        #expect(FileManager.default.fileExists(atPath: fromEnvironment + "/replica.sqlite"))

        // --dir wins over $OUTPOST_DIR.
        let explicit = cli.path("explicit")
        let dir = try cli.runWithoutDirectory(
            ["--dir", explicit] + initArguments, environment: ["OUTPOST_DIR": fromEnvironment],
            currentDirectory: work)
        #expect(dir.status == 0, "\(dir.stderr)")
        #expect(FileManager.default.fileExists(atPath: explicit + "/replica.sqlite"))

        // Commands read the same way: `customer add` through $OUTPOST_DIR lands in that node only.
        let added = try cli.runWithoutDirectory(
            ["customer", "add", "C1", "--name", "Zhang", "--region", "east"],
            environment: ["OUTPOST_DIR": fromEnvironment], currentDirectory: work)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try cli.run(["customer", "show", "C1"], node: "from-env").status == 0)
        #expect(try cli.run(["customer", "show", "C1"], node: "explicit").status == 1)
    }

    @Test func statusExitsOneWithoutANodeAndTreatsAStaleServePidAsNotListening() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let missing = try cli.run(["status"], node: "nowhere")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("outpost init"))

        try cli.run(["init", "--name", "n", "--role", "office", "--region", "east"])
        // A pid that has exited: the marker is stale.
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        try "\(gone.processIdentifier)\ntcp://127.0.0.1:45999\n".write(
            toFile: cli.path("node") + "/serve.pid", atomically: true, encoding: .utf8)
        let status = try cli.run(["status", "--json"])
        #expect(status.status == 0)
        let node = try #require(try jsonObject(status.stdout)["node"] as? [String: Any])
        #expect(node["listening"] as? Bool == false)
        #expect(node["serve_pid"] is NSNull)
        let text = try cli.run(["status"])
        #expect(text.stdout.contains("not listening (no `outpost serve` running)"))
    }

    @Test func colourOnlyOnATerminalAndNeverWithNoColor() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try cli.run(["init", "--name", "n", "--role", "office", "--region", "east"])
        // `script` gives the command a pseudo-terminal as its standard output.
        let command = "'\(CLIRunner.binary.path)' --dir '\(cli.path("node"))' doctor"
        let script = URL(fileURLWithPath: "/usr/bin/script")
        let terminal = try CLIRunner.execute(
            script, ["-qec", command, "/dev/null"], environment: ["NO_COLOR": nil, "TERM": "xterm"])
        #expect(terminal.status == 0, "\(terminal.stderr)")
        #expect(terminal.stdout.contains("\u{1B}[32m"), "green on a terminal: \(terminal.stdout)")
        let noColour = try CLIRunner.execute(
            script, ["-qec", command, "/dev/null"], environment: ["NO_COLOR": "1", "TERM": "xterm"])
        #expect(noColour.status == 0)
        #expect(noColour.stdout.contains("no problems found"))
        #expect(!noColour.stdout.contains("\u{1B}["), "NO_COLOR set: \(noColour.stdout)")
        #expect(!(try cli.run(["doctor"])).stdout.contains("\u{1B}["), "a pipe gets no colour")
    }

    @Test func serveExitsZeroOnSigtermAndRemovesItsMarker() throws {
        let cluster = try AdminCluster()
        try cluster.initialize("hq", role: "hq")
        try cluster.serve("hq")
        let marker = cluster.cli.path("hq") + "/serve.pid"
        #expect(FileManager.default.fileExists(atPath: marker))
        #expect(cluster.stop("hq", signal: SIGTERM) == 0)
        #expect(!FileManager.default.fileExists(atPath: marker))
        let log = try cluster.run("hq", ["log", "--json"])
        let kinds = try #require(try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]])
        #expect(kinds.last?["kind"] as? String == "serve", "a stop event is journalled: \(kinds)")
    }

    @Test func logFollowExitsZeroOnSigterm() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try cli.run(["init", "--name", "n", "--role", "office", "--region", "east"])
        // One event to print, so the test can tell when the follower is running (signals handled by then).
        let database = try DatabaseQueue(path: cli.path("node") + "/replica.sqlite")
        try database.write { db in
            try db.execute(
                sql:
                    "INSERT INTO outpost_events (at, peer, kind, detail) VALUES ('2026-01-01T00:00:00Z', NULL, 'serve', 'x')"
            )
        }
        try database.close()
        let follower = Process()
        follower.executableURL = CLIRunner.binary
        follower.arguments = ["log", "--dir", cli.path("node"), "--follow"]
        let out = Pipe()
        follower.standardOutput = out
        follower.standardError = FileHandle.nullDevice
        try follower.run()
        #expect(String(decoding: out.fileHandleForReading.availableData, as: UTF8.self).contains("serve"))
        #expect(follower.isRunning)
        kill(follower.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(10)
        while follower.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if follower.isRunning {
            kill(follower.processIdentifier, SIGKILL)
            Issue.record("log --follow still running 10 s after SIGTERM")
        }
        follower.waitUntilExit()
        #expect(follower.terminationReason == .exit)
        #expect(follower.terminationStatus == 0)
    }
}
