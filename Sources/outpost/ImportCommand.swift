import ArgumentParser
import CRM
import Foundation
import Node

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "Import customers, products, orders, interactions, compliance violations or stock from a headed CSV file.",
        discussion: "Bad rows are reported with their line number and written to --rejects; good rows are kept. "
            + "Re-running an import changes nothing. Exit status 0 even with rejected rows; 1 if the file cannot "
            + "be read at all.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "customers, products, orders, interactions, compliance or stock.") var kind: ImportKind
    @OptionGroup var options: ImportOptions

    func run() throws { try options.run(kind, global: global) }
}

extension ImportKind: ExpressibleByArgument {}
