import ArgumentParser
import Node

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Show this node's identity and public key.", subcommands: [Show.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Name, node id, role, region, public key, endpoint.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let card = try NodeCard.load(global.directory)
            print(json ? card.json.serialized(pretty: true) : card.text)
        }
    }
}
