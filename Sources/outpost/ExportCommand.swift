import ArgumentParser
import CRM
import Foundation
import Node
import Replica

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export a table as CSV (importable again) or JSON, or a segment's members.",
        discussion: "`export segment NAME` writes the members of the segment's latest run: id, name, region, run_at.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "customers, products, orders, interactions, customer_tags, campaigns, campaign_members.")
    var table: String
    @Argument(help: "With `segment`: the segment name.") var segment: String?
    @Option(help: "csv or json.") var format: ExportFormat = .csv
    @Option(help: "Write to this file instead of standard output.") var output: String?

    func validate() throws {
        if table == "segment" && segment == nil { throw ValidationError("name the segment: export segment NAME") }
        if table != "segment" && segment != nil { throw ValidationError("only `export segment` takes a name") }
    }

    func run() throws {
        let replica = try global.directory.openReplica()
        let query = table == "segment" ? try SegmentView.exportQuery(segment: segment!, in: replica) : nil
        let stream =
            output.flatMap { OutputStream(toFileAtPath: $0, append: false) } ?? OutputStream(
                toFileAtPath: "/dev/stdout", append: true)!
        stream.open()
        defer { stream.close() }
        let exporter = TableExporter(format: format)
        let count: Int
        if let query {
            count = try exporter.export(
                sql: query.sql, arguments: query.arguments, columns: query.columns, from: replica, to: stream)
        } else {
            guard let schema = TableSchema.table(named: table) else { throw ReplicaError.unknownTable(table) }
            count = try exporter.export(schema, from: replica, to: stream)
        }
        if output != nil { printError("exported \(count) rows of \(table) to \(output!)") }
    }
}

extension ExportFormat: ExpressibleByArgument {}
