import ArgumentParser
import Node

struct ChecksumCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checksum",
        abstract: "Row count and content hash per replicated table; equal on converged nodes.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let report = try ChecksumReport.load(try global.directory.openReplicaForReading())
        print(json ? report.json.serialized(pretty: true) : report.text)
    }
}
