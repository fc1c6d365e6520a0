import ArgumentParser
import CRM
import Node

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "The audit log: who wrote, imported, deleted, erased, exported or unmasked what, and when.",
        discussion: """
            Each node keeps a hash-chained log of its own actions (counts and keys, never personal values). \
            `outpost audit verify` recomputes a chain and exits 1 naming the first entry that was changed, \
            deleted or moved.
            """,
        subcommands: [List.self, Verify.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List audit entries (the default).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only entries since a duration ago (90s, 15m, 3h, 2d) or a UTC date/time (2026-03-01).")
        var since: String?
        @Option(help: "Only this node's chain (a node name or id).") var node: String?
        @Option(help: "Only this action (write, import, delete, erase, export, unmask, apply, refuse, peer-add, ...).")
        var action: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let report = try AuditReport.load(
                global.directory, since: try since.map { try TimeBound.parse($0) }, node: node, action: action)
            print(json ? report.json.serialized(pretty: true) : report.text)
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute a node's audit chain; exit 1 naming the first broken entry.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The chain of this node (a node name or id; default: this node).") var node: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let (name, result) = try AuditReport.verify(global.directory, node: node)
            print(
                json
                    ? AuditReport.verificationJSON(name: name, result).serialized(pretty: true)
                    : AuditReport.verificationText(name: name, result))
            if case .broken = result { throw ExitCode.failure }
        }
    }
}
