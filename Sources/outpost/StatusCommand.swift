import ArgumentParser
import Node

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Is everything synced? This node, and per peer what each side lacks, since when, and why.",
        discussion: """
            Readable while `outpost serve` runs. Exit status 0 when every peer is in sync (as of the last \
            version vector heard from it), 3 when some peer is behind, refused or never reached.
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON (shape in docs/cli.md).") var json = false

    func run() throws {
        let report = try StatusReport.load(global.directory)
        print(json ? report.json.serialized(pretty: true) : report.text(style: .standardOutput))
        if !report.allInSync { throw ExitCode(3) }
    }
}
