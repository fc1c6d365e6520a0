import ArgumentParser
import CRM
import Foundation
import Node
import Replica

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export a table as CSV (importable again) or JSON.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "customers, products, orders, interactions, customer_tags, campaigns, campaign_members.")
    var table: String
    @Option(help: "csv or json.") var format: ExportFormat = .csv
    @Option(help: "Write to this file instead of standard output.") var output: String?

    func run() throws {
        let replica = try global.directory.openReplica()
        guard let schema = TableSchema.table(named: table) else { throw ReplicaError.unknownTable(table) }
        let stream = output.flatMap { OutputStream(toFileAtPath: $0, append: false) } ?? OutputStream(
            toFileAtPath: "/dev/stdout", append: true)!
        stream.open()
        defer { stream.close() }
        let count = try TableExporter(format: format).export(schema, from: replica, to: stream)
        if output != nil { printError("exported \(count) rows of \(table) to \(output!)") }
    }
}

extension ExportFormat: ExpressibleByArgument {}
