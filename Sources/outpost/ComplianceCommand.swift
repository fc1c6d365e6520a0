import ArgumentParser
import CRM
import Foundation
import Node

struct ComplianceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compliance",
        abstract: "Record, import and list compliance violations (they suspend a customer from the star programme).",
        subcommands: [Record.self, Import.self, List.self])

    static func json(_ v: ComplianceViolation) -> JSONValue {
        .object([
            "id": .string(v.id), "customer_id": .string(v.customerID), "kind": .string(v.kind),
            "at": .string(v.at.description), "note": v.note.map(JSONValue.string) ?? .null,
        ])
    }

    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a violation of a customer (replicated; the same violation twice is kept once).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Customer id.") var customer: String
        @Option(help: "minor_sale, counterfeit, price_violation, licence_expired or other.") var kind: String
        @Option(help: "The day of the violation, YYYY-MM-DD.") var at: String
        @Option(help: "A note, at most 1 KiB.") var note: String?
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            guard CRMVocabulary.violationKinds.contains(kind.lowercased()) else {
                throw ValidationError(ComplianceError.invalidKind(kind).description)
            }
            guard CalendarDay(at) != nil else { throw ValidationError("--at '\(at)' is not a YYYY-MM-DD day") }
        }

        func run() throws {
            let book = ComplianceBook(replica: try global.directory.openReplica())
            let (violation, added) = try book.record(customer: customer, kind: kind, at: at, note: note)
            if json {
                var object = ComplianceCommand.json(violation)
                if case .object(var fields) = object {
                    fields["added"] = .bool(added)
                    object = .object(fields)
                }
                print(object.serialized(pretty: true))
            } else {
                print(
                    added
                        ? "recorded \(violation.kind) of \(customer) on \(violation.at)"
                        : "already recorded: \(violation.kind) of \(customer) on \(violation.at)")
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import violations from a CSV file with the header customer_id,kind,at[,note].",
            discussion: "Bad rows are reported with their line number and written to --rejects; good rows are kept. "
                + "Re-running an import changes nothing. Exit status 0 even with rejected rows; 1 if the file "
                + "cannot be read at all.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var options: ImportOptions

        func run() throws { try options.run(.compliance, global: global) }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List violations, oldest first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this customer's.") var customer: String?
        @Option(help: "Only those on or after this day, YYYY-MM-DD.") var since: String?
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            if let since, CalendarDay(since) == nil {
                throw ValidationError("--since '\(since)' is not a YYYY-MM-DD day")
            }
        }

        func run() throws {
            let book = ComplianceBook(replica: try global.directory.openReplicaForReading())
            let list = try book.list(customer: customer, since: since.flatMap(CalendarDay.init))
            if json {
                print(JSONValue.array(list.map(ComplianceCommand.json)).serialized(pretty: true))
                return
            }
            var table = TextTable(header: ["customer", "kind", "at", "note"])
            for v in list { table.add([v.customerID, v.kind, v.at.description, v.note ?? ""]) }
            print(list.isEmpty ? "no violations" : table.render())
        }
    }
}
