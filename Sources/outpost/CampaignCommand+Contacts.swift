import ArgumentParser
import CRM
import Foundation
import Node

extension CampaignCommand {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The call list: target members in this node's scope (never control members).",
            discussion: "Fill in the outcome and note columns and record them with `campaign contact ID --import`.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Campaign id.") var id: String
        @Option(help: "csv or json.") var format: ExportFormat = .csv
        @Option(help: "Write to this file instead of standard output; not inside the node directory.")
        var output: String?
        @Flag(help: "Replace an existing --output file.") var force = false

        func run() throws {
            let directory = global.directory
            let replica = try directory.openReplicaForReading()
            let query = try CampaignBook(replica: replica).callListQuery(id)
            try AccessAudit.unmasking(directory, command: "campaign export", object: "call list of \(id)")
            let file = try output.map { try OutputFile(path: $0, replacing: force, protecting: directory.root.path) }
            defer { file?.discard() }
            let stream = file?.stream ?? StandardOutputStream()
            if file == nil { stream.open() }
            defer { if file == nil { stream.close() } }
            // The call list is what staff phone from: the one export that shows personal fields unmasked.
            let count = try TableExporter(format: format, personal: .shown).export(
                sql: query.sql, arguments: query.arguments, columns: query.columns, from: replica, to: stream)
            if let file {
                try file.commit()
                printError("exported \(count) targets of \(id) to \(file.path)")
            }
            AccessAudit.exported(
                directory, object: "call list of \(id)", rows: count, personal: .shown, to: file?.path)
        }
    }

    struct Contact: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a contact with a target member, or import a CSV of them (customer_id,outcome[,note]).",
            discussion: """
                Outcomes: reached, no_answer, refused, coupon_redeemed. Contacting a control member is refused.
                With --import, rows that cannot be recorded are listed with their line numbers and the rest kept.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Campaign id.") var id: String
        @Argument(help: "Customer id (not with --import).") var customer: String?
        @Option(help: "reached, no_answer, refused or coupon_redeemed.") var outcome: String?
        @Option(help: "A short note.") var note: String?
        @Option(name: .customLong("import"), help: "A CSV file of contacts.") var file: String?
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            if file != nil {
                if customer != nil || outcome != nil {
                    throw ValidationError("--import takes no customer or --outcome")
                }
            } else if customer == nil || outcome == nil {
                throw ValidationError("name the customer and --outcome, or give --import FILE.csv")
            }
        }

        func run() throws {
            let book = CampaignBook(replica: try global.directory.openReplica())
            if let file {
                let summary = try book.importContacts(id, file: file)
                print(
                    json ? CampaignView.importJSON(summary).serialized(pretty: true) : CampaignView.importText(summary))
                if !summary.rejected.isEmpty { throw ExitCode.failure }
                return
            }
            try book.contact(id, customer: customer!, outcome: outcome!, note: note)
            print(
                json
                    ? JSONValue.object(["recorded": .integer(1)]).serialized(pretty: true)
                    : "recorded \(outcome!) for \(customer!) in \(id)")
        }
    }

    struct Members: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a campaign's members with group and bucket.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Campaign id.") var id: String
        @Option(help: "target or control.") var group: String?
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            if let group, !["target", "control"].contains(group) {
                throw ValidationError("--group is target or control, got '\(group)'")
            }
        }

        func run() throws {
            let book = CampaignBook(replica: try global.directory.openReplicaForReading())
            let members = try book.members(id, controls: group.map { $0 == "control" })
            print(
                json
                    ? JSONValue.array(members.map(CampaignView.memberJSON)).serialized(pretty: true)
                    : CampaignView.membersText(members))
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Conversion, lift with its 95% interval, revenue, CUPED, sample-ratio check and a verdict.",
            discussion: "Conversion comes from the replicated orders; --as-of counts the orders up to that day only.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Campaign id.") var id: String
        @Option(help: "Break the report down: region.") var by: String?
        @Option(help: "Count orders up to this UTC day, YYYY-MM-DD (default: today).") var asOf: String?
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            _ = try CampaignCommand.day(asOf, "--as-of")
            if let by, by != "region" { throw ValidationError("--by takes region, got '\(by)'") }
        }

        func run() throws {
            let report = try CampaignReport(
                campaign: id, in: try global.directory.openReplicaForReading(),
                asOf: try CampaignCommand.day(asOf, "--as-of") ?? .today(), byRegion: by == "region")
            print(json ? report.json.serialized(pretty: true) : report.text)
        }
    }
}
