import ArgumentParser
import Node

struct PeerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peer", abstract: "Manage the peers this node syncs with.",
        subcommands: [Add.self, List.self, Remove.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Allow a peer's key and, with --endpoint, connect to it.",
            discussion: "A peer without --endpoint is accepted when it connects but never dialled.")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        @Option(help: "The peer's ROUTER endpoint, e.g. tcp://127.0.0.1:7701.") var endpoint: String?
        // Z85 keys may begin with "-", so the value is taken as is, never as an option.
        @Option(parsing: .unconditional, help: "The peer's CURVE public key (from its `outpost keys show`).") var key:
            String
        @Option(help: "office or hq.") var role: String?
        @Option(
            help: ArgumentHelp(
                "The regions this node lets the peer receive and write: east, east,north, or all. Required for an "
                    + "office peer (--role office) on headquarters; without it the peer is granted all regions."))
        var region: String?

        func run() throws {
            try PeerAdmin.add(global.directory, name: name, endpoint: endpoint, key: key, role: role, region: region)
            print("added peer \(name)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List peers.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let peers = try PeerAdmin.list(global.directory)
            print(json ? PeerAdmin.json(peers).serialized(pretty: true) : PeerAdmin.text(peers))
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a peer (its key is no longer admitted).")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String

        func run() throws {
            try PeerAdmin.remove(global.directory, name: name)
            print("removed peer \(name)")
        }
    }
}
