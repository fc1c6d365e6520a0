import ArgumentParser
import CRM
import Node

struct CustomerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer", abstract: "Add, edit, delete and read customers.",
        subcommands: [Add.self, Update.self, Delete.self, Erase.self, Show.self, List.self])

    /// The editable fields, as options.
    struct Fields: ParsableArguments {
        @Option(help: "Retail licence number (defaults to the id).") var licenceNo: String?
        @Option(help: "Shop name.") var name: String?
        @Option(help: "Owner's name.") var owner: String?
        @Option var phone: String?
        @Option(help: "Region (required on add).") var region: String?
        @Option var district: String?
        @Option var address: String?
        @Option(help: "traditional, chain, flagship or online.") var channel: String?
        @Option var businessType: String?
        @Option(help: "YYYY-MM-DD.") var openedOn: String?
        @Option(help: "active or closed.") var status: String?
        @Option(help: "true or false.") var marketingConsent: String?

        var values: [String: String] {
            let pairs: [(String, String?)] = [
                ("licence_no", licenceNo), ("name", name), ("owner", owner), ("phone", phone), ("region", region),
                ("district", district), ("address", address), ("channel", channel), ("business_type", businessType),
                ("opened_on", openedOn), ("status", status), ("marketing_consent", marketingConsent),
            ]
            return Dictionary(uniqueKeysWithValues: pairs.compactMap { name, value in value.map { (name, $0) } })
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a customer.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Customer id (a licence number or any unique text).") var id: String
        @OptionGroup var fields: Fields

        func run() throws {
            try CustomerBook(replica: try global.directory.openReplica()).add(id: id, fields: fields.values)
            print("added customer \(id)")
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change fields of a customer.")
        @OptionGroup var global: GlobalOptions
        @Argument var id: String
        @OptionGroup var fields: Fields

        func validate() throws {
            if fields.values.isEmpty { throw ValidationError("give at least one field to change, e.g. --phone 138...") }
        }

        func run() throws {
            let changed = try CustomerBook(replica: try global.directory.openReplica())
                .update(id: id, fields: fields.values)
            // The given fields were written (and replicate) either way; say which values actually differ.
            let given = fields.values.keys.sorted().joined(separator: ", ")
            print(
                changed.isEmpty
                    ? "customer \(id): \(given) unchanged here, written again so this edit wins over older ones"
                    : "updated \(changed.joined(separator: ", ")) of \(id)")
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a customer (replicates as a tombstone).")
        @OptionGroup var global: GlobalOptions
        @Argument var id: String

        func run() throws {
            try CustomerBook(replica: try global.directory.openReplica()).delete(id: id)
            print("deleted customer \(id)")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one customer with its tags.")
        @OptionGroup var global: GlobalOptions
        @Argument var id: String
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var unmask: UnmaskOption

        func run() throws {
            try unmask.recordIfUnmasked(global.directory, command: "customer show", object: "customer \(id)")
            let view = try CustomerView.show(
                id: id, in: try global.directory.openReplicaForReading(), personal: unmask.personal)
            print(json ? view.json.serialized(pretty: true) : view.text)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List customers in id order.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this region.") var region: String?
        @Option(help: "At most this many.") var limit = 50
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var unmask: UnmaskOption

        func run() throws {
            try unmask.recordIfUnmasked(
                global.directory, command: "customer list", object: "customers" + (region.map { " of \($0)" } ?? ""))
            let view = try CustomerView.list(
                region: region, limit: limit, in: try global.directory.openReplicaForReading(),
                personal: unmask.personal)
            print(json ? view.json.serialized(pretty: true) : view.text)
        }
    }
}
