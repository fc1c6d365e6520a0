import CRM
import GRDB
import Replica

/// Customers as `outpost customer show|list` print them, personal fields masked unless `personal` is `.shown`.
public struct CustomerView: Sendable {
    public var customers: [[String: DatabaseValue]]
    public var tags: [String]?
    public var personal: PersonalData.Display = .masked

    static let listColumns = ["id", "name", "region", "district", "channel", "status", "phone"]

    public static func show(
        id: String, in replica: Replica, personal: PersonalData.Display = .masked
    ) throws -> CustomerView {
        let book = CustomerBook(replica: replica)
        guard let customer = try book.show(id: id) else {
            throw NodeError.notFound("no customer \(id): check the id with `outpost customer list`")
        }
        return CustomerView(customers: [customer], tags: try book.tags(of: id), personal: personal)
    }

    public static func list(
        region: String?, limit: Int, in replica: Replica, personal: PersonalData.Display = .masked
    ) throws -> CustomerView {
        CustomerView(
            customers: try CustomerBook(replica: replica).list(region: region, limit: limit), tags: nil,
            personal: personal)
    }

    /// A customer's fields as printed: personal ones masked unless shown.
    private func printed(_ customer: [String: DatabaseValue]) -> [String: DatabaseValue] {
        Dictionary(
            uniqueKeysWithValues: customer.map { ($0.key, PersonalData.display($0.value, column: $0.key, personal)) })
    }

    public var json: JSONValue {
        let objects = customers.map(printed).map { customer in
            var object = customer.mapValues(JSONValue.init)
            if let tags { object["tags"] = .array(tags.map(JSONValue.string)) }
            return JSONValue.object(object)
        }
        return tags != nil ? objects[0] : .array(objects)
    }

    public var text: String {
        let customers = customers.map(printed)
        if let tags, let customer = customers.first {
            var table = TextTable(header: ["field", "value"])
            for name in ["id"] + CustomerBook.fields + ["created_at", "updated_at"] {
                table.add([name, TableExporter.text(customer[name] ?? .null)])
            }
            table.add(["tags", tags.joined(separator: ", ")])
            return table.render()
        }
        var table = TextTable(header: Self.listColumns)
        for customer in customers {
            table.add(Self.listColumns.map { TableExporter.text(customer[$0] ?? .null) })
        }
        return table.render() + "\n(\(Readable.count(customers.count)) shown)"
    }
}
