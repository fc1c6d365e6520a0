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
    @OptionGroup var unmask: UnmaskOption

    func run() throws {
        try unmask.recordIfUnmasked(global.directory, command: "conflicts", object: "conflict log")
        let report = try ConflictReport.load(
            global.directory, since: try since.map { try TimeBound.parse($0) }, personal: unmask.personal)
        print(json ? report.json.serialized(pretty: true) : report.text(style: .standardOutput))
    }
}
