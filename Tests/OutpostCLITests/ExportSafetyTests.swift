import Foundation
import Testing

/// `export --output` and `import --rejects` never write into the node directory, never replace a file without
/// `--force`, and never leave a half-written file.
@Suite(.timeLimit(.minutes(5))) struct ExportSafetyTests {
    /// A node with one customer, and the bytes of its database and secret key to compare with afterwards.
    struct Node {
        let cli: CLIRunner
        var root: String { cli.path("node") }
        var database: String { root + "/replica.sqlite" }
        var secret: String { root + "/keys/curve.secret" }

        init() throws {
            cli = try CLIRunner()
            try cli.run(["init", "--name", "east-1", "--role", "office", "--region", "east"])
            try cli.run(["customer", "add", "C1", "--name", "Zhang", "--region", "east"])
        }

        func snapshot() throws -> [Data] {
            [try Data(contentsOf: URL(fileURLWithPath: database)), try Data(contentsOf: URL(fileURLWithPath: secret))]
        }
    }

    @Test func exportRefusesEveryPathThatLeadsIntoTheNodeDirectory() throws {
        let node = try Node()
        defer { node.cli.cleanUp() }
        let before = try node.snapshot()
        let manager = FileManager.default
        try manager.createSymbolicLink(atPath: node.cli.path("db-link"), withDestinationPath: node.database)
        try manager.createSymbolicLink(atPath: node.cli.path("dir-link"), withDestinationPath: node.root)
        let targets = [
            node.database, node.secret, node.root + "/keys/../replica.sqlite", node.root + "/fresh.csv",
            node.cli.path("db-link"), node.cli.path("dir-link") + "/keys/curve.secret",
            node.cli.path("elsewhere/../node/replica.sqlite"),
        ]
        try manager.createDirectory(atPath: node.cli.path("elsewhere"), withIntermediateDirectories: true)
        for target in targets {
            for force in [[], ["--force"]] {
                let result = try node.cli.run(["export", "customers", "--output", target] + force)
                #expect(result.status == 1, "\(target) \(force)")
                #expect(result.stderr.contains("inside the node directory"), "\(target): \(result.stderr)")
            }
        }
        #expect(try node.snapshot() == before)
        #expect(!manager.fileExists(atPath: node.root + "/fresh.csv"))
        let listed = try node.cli.run(["customer", "list", "--json"])
        #expect(listed.status == 0 && listed.stdout.contains("C1"))
    }

    @Test func anExistingFileIsReplacedOnlyWithForceAndNoTemporaryFileRemains() throws {
        let node = try Node()
        defer { node.cli.cleanUp() }
        let output = node.cli.path("out/customers.csv")
        try FileManager.default.createDirectory(atPath: node.cli.path("out"), withIntermediateDirectories: true)
        try "keep me\n".write(toFile: output, atomically: true, encoding: .utf8)

        let refused = try node.cli.run(["export", "customers", "--output", output])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("exists; pass --force"))
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "keep me\n")

        let forced = try node.cli.run(["export", "customers", "--output", output, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text.hasPrefix("id,licence_no,name") && text.contains("C1,**,Zhang"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: node.cli.path("out")) == ["customers.csv"])

        let fresh = node.cli.path("out/segment-free.json")
        #expect(try node.cli.run(["export", "customers", "--format", "json", "--output", fresh]).status == 0)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: node.cli.path("out")).sorted()
                == ["customers.csv", "segment-free.json"])
        // A failing export (unknown segment) leaves neither the target nor a temporary file.
        let failed = try node.cli.run(["export", "segment", "nope", "--output", node.cli.path("out/nope.csv")])
        #expect(failed.status == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: node.cli.path("out")).count == 2)
    }

    @Test func importRejectsFileObeysTheSameRules() throws {
        let node = try Node()
        defer { node.cli.cleanUp() }
        // The import opens the database for writing before it checks --rejects, which may checkpoint it: compare
        // the content and the key, not the database's bytes.
        let before = try node.cli.run(["checksum", "--json"]).stdout
        let key = try Data(contentsOf: URL(fileURLWithPath: node.secret))
        let csv = node.cli.path("c.csv")
        try "id,name,region\nC2,,east\nC3,Li,west\n".write(toFile: csv, atomically: true, encoding: .utf8)

        let inside = try node.cli.run(["import", "customers", csv, "--rejects", node.database, "--force"])
        #expect(inside.status == 1)
        #expect(inside.stderr.contains("inside the node directory"))
        #expect(try node.cli.run(["checksum", "--json"]).stdout == before)
        #expect(try Data(contentsOf: URL(fileURLWithPath: node.secret)) == key)
        #expect(try node.cli.run(["customer", "show", "C3"]).status == 1, "nothing imported")

        let rejects = node.cli.path("rejects.csv")
        try "old\n".write(toFile: rejects, atomically: true, encoding: .utf8)
        let exists = try node.cli.run(["import", "customers", csv, "--rejects", rejects])
        #expect(exists.status == 1 && exists.stderr.contains("exists; pass --force"))
        #expect(try String(contentsOfFile: rejects, encoding: .utf8) == "old\n")

        let forced = try node.cli.run(["import", "customers", csv, "--rejects", rejects, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try String(contentsOfFile: rejects, encoding: .utf8).hasPrefix("line,reason,id,name,region\n2,"))
    }
}
