import Foundation
import Testing

/// Documented behaviour of the data commands (docs/cli.md): imports with a byte-order mark and `--json`,
/// tags, and `sync --once` naming each peer it could not sync with.
@Suite(.timeLimit(.minutes(5))) struct DataCLITests {
    private func node() throws -> CLIRunner {
        let cli = try CLIRunner()
        try cli.run(["init", "--name", "east-1", "--role", "office", "--region", "east"])
        return cli
    }

    @Test func importAcceptsAByteOrderMark() throws {
        let cli = try node()
        defer { cli.cleanUp() }
        let file = cli.path("bom.csv")
        try Data([0xEF, 0xBB, 0xBF] + Array("id,name,region,channel\nC1,Zhang,east,chain\nC2,Li,east,online\n".utf8))
            .write(to: URL(fileURLWithPath: file))
        let imported = try cli.run(["import", "customers", file])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("read 2, imported 2, updated 0, unchanged 0, skipped 0, rejected 0"))
        // The first column is `id`, not "\u{FEFF}id": C1 is found by its id.
        let shown = try jsonObject(try cli.run(["customer", "show", "C1", "--json"]).stdout)
        #expect(shown["name"] as? String == "Zhang")
    }

    @Test func importJSONHasTheDocumentedShape() throws {
        let cli = try node()
        defer { cli.cleanUp() }
        let file = cli.path("c.csv")
        try "id,name,region,channel\nC1,Zhang,east,chain\nC2,,east,chain\nC3,Li,east,mars\nC1,Zhang,east,chain\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let result = try cli.run(["import", "customers", file, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try jsonObject(result.stdout)
        #expect(
            Set(object.keys).isSuperset(of: [
                "file", "table", "read", "imported", "updated", "unchanged", "skipped", "rejected", "rejections",
            ]))
        #expect(object["file"] as? String == "c.csv", "the file name, as in the text summary")
        #expect(object["table"] as? String == "customers")
        #expect(object["read"] as? Int == 4)
        #expect(object["imported"] as? Int == 1)
        #expect(object["unchanged"] as? Int == 1)
        #expect(object["rejected"] as? Int == 2)
        let rejections = try #require(object["rejections"] as? [[String: Any]])
        #expect(rejections.compactMap { $0["line"] as? Int } == [3, 4])
        #expect((rejections.first?["reason"] as? String)?.contains("name is required") == true)
        #expect((rejections.last?["reason"] as? String)?.contains("channel 'mars'") == true)
    }

    @Test func tagsAreAddedListedAndRemoved() throws {
        let cli = try node()
        defer { cli.cleanUp() }
        #expect(try cli.run(["customer", "add", "C1", "--name", "Zhang", "--region", "east"]).status == 0)
        for tag in ["vip", "north", "new"] { #expect(try cli.run(["tag", "add", "C1", tag]).status == 0) }
        let listed = try cli.run(["tag", "list", "C1", "--json"])
        let tags = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String])
        #expect(Set(tags) == ["vip", "north", "new"])
        let removed = try cli.run(["tag", "remove", "C1", "north"])
        #expect(removed.status == 0)
        #expect(removed.stdout.contains("removed tag north from C1"))
        let text = try cli.run(["tag", "list", "C1"])
        #expect(Set(text.stdout.split(separator: "\n").map(String.init)) == ["vip", "new"])
        #expect(try cli.run(["tag", "add", "C9", "vip"]).status == 1, "no such customer")
    }

    @Test func syncOnceNamesEachPeerItCouldNotSyncWithAndWhy() throws {
        let cluster = try AdminCluster()
        for name in ["east", "hq", "north"] { try cluster.initialize(name) }
        try cluster.addPeer(on: "hq", "east")  // north does not admit east
        let hq = try cluster.serve("hq")
        let north = try cluster.serve("north")
        // An endpoint where nothing listens: a port that was bound by a serve which then stopped.
        try cluster.initialize("gone")
        try cluster.addPeer(on: "gone", "east")
        let gone = try cluster.serve("gone")
        cluster.stop("gone")
        try cluster.addPeer(on: "east", "hq", endpoint: hq)
        try cluster.addPeer(on: "east", "north", endpoint: north)
        try cluster.addPeer(on: "east", "gone", endpoint: gone)

        let result = try cluster.run("east", ["sync", "--once", "--timeout", "3"])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init).filter { $0.contains(": not synced: ") }
        #expect(lines.count == 2, "\(result.stderr)")
        #expect(lines.contains { $0.hasPrefix("gone: not synced: peer unreachable") }, "\(lines)")
        #expect(
            lines.contains { $0 == "north: not synced: peer refused our key (add this node's public key on north)" },
            "\(lines)")
        #expect(!result.stderr.contains("hq: not synced"))
    }
}
