import ArgumentParser
import CRM
import Foundation
import Node

struct TagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag", abstract: "Tag customers.", subcommands: [Add.self, Remove.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a tag to a customer.")
        @OptionGroup var global: GlobalOptions
        @Argument var customer: String
        @Argument var tag: String

        func run() throws {
            try CustomerBook(replica: try global.directory.openReplica()).addTag(tag, to: customer)
            print("tagged \(customer) with \(tag)")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a tag from a customer.")
        @OptionGroup var global: GlobalOptions
        @Argument var customer: String
        @Argument var tag: String

        func run() throws {
            try CustomerBook(replica: try global.directory.openReplica()).removeTag(tag, from: customer)
            print("removed tag \(tag) from \(customer)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a customer's tags.")
        @OptionGroup var global: GlobalOptions
        @Argument var customer: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let tags = try CustomerBook(replica: try global.directory.openReplicaForReading()).tags(of: customer)
            print(json ? JSONValue.array(tags.map(JSONValue.string)).serialized() : tags.joined(separator: "\n"))
        }
    }
}
