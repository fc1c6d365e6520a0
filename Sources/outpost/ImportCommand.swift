import ArgumentParser
import CRM
import Foundation
import Node

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import customers, products, orders, interactions or compliance violations from a headed CSV file.",
        discussion: "Bad rows are reported with their line number and written to --rejects; good rows are kept. "
            + "Re-running an import changes nothing. Exit status 0 even with rejected rows; 1 if the file cannot "
            + "be read at all.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "customers, products, orders, interactions or compliance.") var kind: ImportKind
    @Argument(help: "The CSV file.") var file: String
    @Option(help: "Write rejected rows here (CSV: line, reason, original fields); not inside the node directory.")
    var rejects: String?
    @Flag(help: "Replace an existing --rejects file.") var force = false
    @Flag(help: "Print the summary as JSON.") var json = false

    func run() throws {
        let directory = global.directory
        let replica = try directory.openReplica()
        let summary = try ImportRun.run(
            kind: kind, file: file, rejects: rejects, replacingRejects: force, node: directory, into: replica)
        print(json ? ImportRun.json(summary).serialized(pretty: true) : ImportRun.text(summary))
    }
}

extension ImportKind: ExpressibleByArgument {}
