import ArgumentParser
import CRM
import Node

/// What every CSV import takes (`import KIND FILE`, `compliance import FILE`): the file, where rejected rows go,
/// and the output form; and the run itself, so both commands import the same way.
struct ImportOptions: ParsableArguments {
    @Argument(help: "The CSV file.") var file: String
    @Option(help: "Write rejected rows here (CSV: line, reason, original fields); not inside the node directory.")
    var rejects: String?
    @Flag(help: "Replace an existing --rejects file.") var force = false
    @Flag(help: "Print the summary as JSON.") var json = false

    func run(_ kind: ImportKind, global: GlobalOptions) throws {
        let directory = global.directory
        let replica = try directory.openReplica()
        let summary = try ImportRun.run(
            kind: kind, file: file, rejects: rejects, replacingRejects: force, node: directory, into: replica)
        print(json ? ImportRun.json(summary).serialized(pretty: true) : ImportRun.text(summary))
    }
}
