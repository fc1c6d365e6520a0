import ArgumentParser
import Node

struct ConflictsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "Concurrent writes that last-writer-wins resolved: both values, origins, clocks, the winner.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only conflicts since a duration ago (90s, 15m, 3h, 2d) or a UTC date/time (2026-03-01).")
    var since: String?
    @Flag(help: "Print JSON (shape in docs/cli.md).") var json = false

    func run() throws {
        let report = try ConflictReport.load(global.directory, since: try since.map { try TimeBound.parse($0) })
        print(json ? report.json.serialized(pretty: true) : report.text(style: .standardOutput))
    }
}
