import Foundation
import Node
import Testing

/// One `serve` per node directory: a second one refuses to start, naming the running one, and leaves its
/// `serve.pid` alone.
@Suite(.timeLimit(.minutes(5))) struct ServeLockTests {
    @Test func secondServeOnTheSameDirectoryRefusesToStart() throws {
        let cluster = try AdminCluster()
        try cluster.initialize("hq", role: "hq")
        let endpoint = try cluster.serve("hq")
        let marker = cluster.cli.path("hq") + "/serve.pid"
        let before = try String(contentsOfFile: marker, encoding: .utf8)

        let second = try cluster.run("hq", ["serve", "--log-level", "error"])
        #expect(second.status != 0)
        let firstPid = before.split(separator: "\n").first.map(String.init) ?? "?"
        #expect(second.stderr.contains("already running"), "\(second.stderr)")
        #expect(second.stderr.contains("pid \(firstPid)"), "\(second.stderr)")
        // The running serve's marker is untouched, so `status` still finds it.
        #expect(try String(contentsOfFile: marker, encoding: .utf8) == before)
        #expect(before.contains(endpoint))
    }

    @Test func lockIsExclusiveAndReleasedWithItsHolder() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try cli.run(["init", "--name", "n", "--role", "office", "--region", "east"]).status == 0)
        let directory = NodeDirectory(path: cli.path("node"))
        var first: ServeLock? = try ServeLock.acquire(directory)
        #expect(throws: NodeError.self) { try ServeLock.acquire(directory) }
        #expect(first != nil)
        first = nil
        // Released with its holder: taking it again works.
        let again = try ServeLock.acquire(directory)
        withExtendedLifetime(again) {}
    }
}
