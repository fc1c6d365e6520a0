import ArgumentParser
import Node
import Replica

struct ChecksumCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checksum",
        abstract: "Row count and content hash per replicated table; equal on converged nodes.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false
    @Option(
        help: ArgumentHelp(
            "Only the rows of these regions (e.g. east or east,north): the checksum an office of that scope must have.",
            valueName: "regions"))
    var scope: String?

    func run() throws {
        var regions: RegionScope?
        if let scope {
            guard let parsed = RegionScope(parsing: scope) else {
                throw ValidationError("--scope takes region names such as east or east,north, or all")
            }
            regions = parsed
        }
        let report = try ChecksumReport.load(try global.directory.openReplicaForReading(), scope: regions)
        print(json ? report.json.serialized(pretty: true) : report.text)
    }
}
