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
    @Option(help: "Write to this file instead of standard output; not inside the node directory.")
    var output: String?
    @Flag(help: "Replace an existing --output file.") var force = false
    @OptionGroup var unmask: UnmaskOption

    func validate() throws {
        if table == "segment" && segment == nil { throw ValidationError("name the segment: export segment NAME") }
        if table != "segment" && segment != nil { throw ValidationError("only `export segment` takes a name") }
    }

    func run() throws {
        let directory = global.directory
        let replica = try directory.openReplicaForReading()
        let query = table == "segment" ? try SegmentView.exportQuery(segment: segment!, in: replica) : nil
        if query == nil && replica.tables.table(named: table) == nil {
            throw ReplicaError.unknownTable(table, known: replica.tables.replicated.map(\.name))
        }
        let object = table == "segment" ? "segment \(segment!)" : table
        try unmask.recordIfUnmasked(directory, command: "export", object: object)
        // A file is written beside its target and renamed into place at the end, so a failed export leaves
        // nothing half-written and never touches the node's own files.
        let file = try output.map { try OutputFile(path: $0, replacing: force, protecting: directory.root.path) }
        defer { file?.discard() }
        let stream = file?.stream ?? StandardOutputStream()
        if file == nil { stream.open() }
        defer { if file == nil { stream.close() } }
        let exporter = TableExporter(format: format, personal: unmask.personal)
        let count: Int
        if let query {
            count = try exporter.export(
                sql: query.sql, arguments: query.arguments, columns: query.columns, from: replica, to: stream)
        } else {
            guard let schema = replica.tables.table(named: table) else {
                throw ReplicaError.unknownTable(table, known: replica.tables.replicated.map(\.name))
            }
            count = try exporter.export(schema, from: replica, to: stream)
        }
        if let file {
            try file.commit()
            printError("exported \(count) rows of \(table) to \(file.path)")
        }
        AccessAudit.exported(directory, object: object, rows: count, personal: unmask.personal, to: file?.path)
    }
}

extension ExportFormat: ExpressibleByArgument {}
