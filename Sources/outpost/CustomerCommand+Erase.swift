import ArgumentParser
import Node

extension CustomerCommand {
    struct Erase: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase a customer's personal fields (phone, owner, address, licence number) on every node.",
            discussion: """
                The fields become empty here and on every node the erasure reaches, and no old value is left in \
                the database files (conflict log, free pages, WAL). The customer, its orders and tags stay, \
                linked to the id.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Customer id.") var id: String

        func run() throws {
            let held = try ErasureRun.erase(global.directory, id: id)
            print(
                "erased the personal fields of \(id)"
                    + (held.isEmpty ? " (none held a value)" : ": \(held.joined(separator: ", "))"))
        }
    }
}
