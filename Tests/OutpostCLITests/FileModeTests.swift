import Foundation
import Testing

/// The node directory is 0700 and everything holding customer rows 0600, whatever the umask.
@Suite(.timeLimit(.minutes(5))) struct FileModeTests {
    static func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
    }

    @Test func aNewNodeAndEveryFileWithCustomerRowsIsOwnerOnly() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        // The test runs the binary under the usual permissive umask (022 lets others read new files).
        let previous = umask(0o022)
        defer { umask(previous) }
        #expect(try cli.run(["init", "--name", "east-1", "--role", "office", "--region", "east"]).status == 0)
        try "id,name,region\nC1,Zhang,east\nC2,,east\n".write(
            toFile: cli.path("c.csv"), atomically: true, encoding: .utf8)
        let imported = try cli.run(["import", "customers", cli.path("c.csv"), "--rejects", cli.path("rejects.csv")])
        #expect(imported.status == 0)
        #expect(try cli.run(["export", "customers", "--output", cli.path("export.csv")]).status == 0)

        #expect(Self.mode(cli.path("node")) == 0o700)
        #expect(Self.mode(cli.path("node/replica.sqlite")) == 0o600)
        #expect(Self.mode(cli.path("node/keys/curve.secret")) == 0o600)
        #expect(Self.mode(cli.path("rejects.csv")) == 0o600)
        #expect(Self.mode(cli.path("export.csv")) == 0o600)
        for suffix in ["-wal", "-shm"] {
            if let mode = Self.mode(cli.path("node/replica.sqlite" + suffix)) { #expect(mode == 0o600) }
        }
    }

    @Test func aNodeLeftReadableByOthersIsMadePrivateWhenOpenedForWriting() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try cli.run(["init", "--name", "east-1", "--role", "office", "--region", "east"])
        chmod(cli.path("node"), 0o755)
        chmod(cli.path("node/replica.sqlite"), 0o644)
        #expect(try cli.run(["customer", "add", "C1", "--name", "Zhang", "--region", "east"]).status == 0)
        #expect(Self.mode(cli.path("node")) == 0o700)
        #expect(Self.mode(cli.path("node/replica.sqlite")) == 0o600)
    }
}
