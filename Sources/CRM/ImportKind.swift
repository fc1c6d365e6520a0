import Foundation
import GRDB
import Replica

/// What a CSV import loads, and how each record of it is validated and mapped to a replicated row.
public enum ImportKind: String, Sendable, CaseIterable {
    case customers
    case products
    case orders
    case interactions
    /// Compliance violations (`compliance import`): customer_id, kind, at, note.
    case compliance
    /// Stock per region and product (`stock import`): region, sku, on_hand, min_level, max_level, lead_time_days.
    case stock

    public var table: TableSchema {
        switch self {
        case .customers: return .customers
        case .products: return .products
        case .orders: return .orders
        case .interactions: return .interactions
        case .compliance: return .complianceViolations
        case .stock: return .stock
        }
    }

    /// Columns a file must have in its header.
    var requiredColumns: [String] {
        switch self {
        case .customers: return ["id", "name", "region"]
        case .products: return ["sku", "name"]
        case .orders: return ["id", "customer_id", "ordered_at", "sku", "quantity", "amount"]
        case .interactions: return ["id", "customer_id", "at", "kind"]
        case .compliance: return ["customer_id", "kind", "at"]
        case .stock: return ["region", "sku"]
        }
    }

    /// Longest value accepted per column, in UTF-8 bytes (a Chinese character takes 3). Below the 1 MiB (4 KiB for a key) a
    /// replicated string may carry, so an oversized field is refused here, on its line, instead of holding up
    /// replication; docs/cli.md lists them.
    public static let fieldLimits: [String: Int] = [
        "id": 128, "sku": 128, "customer_id": 128, "licence_no": 128,
        "name": 512, "owner": 512, "brand": 512,
        "region": 256, "district": 256, "business_type": 256,
        "phone": 64, "address": 4_096, "note": 65_536,
        "channel": 64, "status": 64, "price_tier": 64, "category": 64, "kind": 64, "marketing_consent": 64,
        "opened_on": 64, "created_at": 64, "ordered_at": 64, "at": 64, "quantity": 64, "amount": 64,
        "unit_price": 64, "on_hand": 64, "min_level": 64, "max_level": 64, "lead_time_days": 64, "counted_at": 64,
    ]

    /// The length limit of each field of a file with this header, by position (`Int.max`: none), for
    /// ``ImportRecord/limitsByPosition``: a column's limit applies where ``ImportRecord`` reads it, its first
    /// occurrence in the header.
    func limitsByPosition(header: [String]) -> [Int] {
        header.enumerated().map { index, name in
            header.firstIndex(of: name) == index ? limits[name] ?? .max : .max
        }
    }

    /// The limits of the columns this kind reads (checked on every record, so kept short).
    private var limits: [String: Int] {
        switch self {
        case .customers: return Self.customerLimits
        case .products: return Self.productLimits
        case .orders: return Self.orderLimits
        case .interactions: return Self.interactionLimits
        case .compliance: return Self.complianceLimits
        case .stock: return Self.stockLimits
        }
    }
    private static let customerLimits = fieldLimits.filter {
        (["id"] + CustomerBook.fields + ["created_at"]).contains($0.key)
    }
    private static let productLimits = fieldLimits.filter {
        ["sku", "name", "brand", "price_tier", "category", "unit_price"].contains($0.key)
    }
    private static let orderLimits = fieldLimits.filter {
        ["id", "customer_id", "ordered_at", "sku", "quantity", "amount", "channel"].contains($0.key)
    }
    private static let interactionLimits = fieldLimits.filter {
        ["id", "customer_id", "at", "kind", "note"].contains($0.key)
    }
    /// A violation's note is short: the table declares it at most 1 KiB.
    private static let complianceLimits = fieldLimits.filter {
        ["customer_id", "at", "kind"].contains($0.key)
    }.merging(["note": CRMVocabulary.maxDescriptionBytes]) { _, new in new }

    // The words the table declarations check on receipt, so what import accepts is exactly what a peer accepts.
    static let channels = CRMVocabulary.channels
    static let statuses = CRMVocabulary.statuses
    static let priceTiers = CRMVocabulary.priceTiers
    static let categories = CRMVocabulary.categories
    static let interactionKinds = CRMVocabulary.interactionKinds

    /// Validates one record and returns its key and values (by column name for mutable tables, in column
    /// order for append-only ones), or the reason it is rejected.
    func parse(_ record: ImportRecord, references: ImportReferences) throws(RowRejection) -> ParsedRow {
        try record.checkFields(limits: limits)
        switch self {
        case .customers:
            let id = try record.required("id")
            let region = try record.required("region")
            guard references.scope.contains(region) else {
                throw RowRejection("region '\(region)' is outside this node's regions (\(references.scope))")
            }
            var values: [String: DatabaseValue] = [
                "name": try record.required("name").databaseValue, "region": region.databaseValue,
            ]
            // The licence number is the natural key where the source system gives no separate id.
            values["licence_no"] = (record.optional("licence_no") ?? id).databaseValue
            for column in ["owner", "phone", "district", "address", "business_type"] {
                if let text = record.optional(column) { values[column] = text.databaseValue }
            }
            if let channel = try record.oneOf("channel", Self.channels) { values["channel"] = channel.databaseValue }
            values["status"] = (try record.oneOf("status", Self.statuses) ?? "active").databaseValue
            if let opened = try record.date("opened_on") { values["opened_on"] = opened.databaseValue }
            if let consent = try record.bool("marketing_consent") {
                values["marketing_consent"] = (consent ? 1 : 0).databaseValue
            }
            if let created = try record.timestamp("created_at") { values["created_at"] = created.databaseValue }
            return .mutable(key: [id], values: values)
        case .products:
            let sku = try record.required("sku")
            var values: [String: DatabaseValue] = ["name": try record.required("name").databaseValue]
            if let brand = record.optional("brand") { values["brand"] = brand.databaseValue }
            if let tier = try record.oneOf("price_tier", Self.priceTiers) { values["price_tier"] = tier.databaseValue }
            if let category = try record.oneOf("category", Self.categories) {
                values["category"] = category.databaseValue
            }
            if let price = try record.number("unit_price") {
                guard price >= 0 else { throw RowRejection("unit_price must not be negative, got \(price)") }
                values["unit_price"] = price.databaseValue
            }
            return .mutable(key: [sku], values: values)
        case .orders:
            let id = try record.required("id")
            let customer = try record.required("customer_id")
            if let problem = references.customerProblem(customer) { throw RowRejection(problem) }
            let sku = try record.required("sku")
            guard references.productExists(sku) else {
                throw RowRejection("unknown sku '\(sku)' (import products first)")
            }
            guard let orderedAt = try record.timestamp("ordered_at") else {
                throw RowRejection("ordered_at is required")
            }
            guard let quantity = try record.integer("quantity"), quantity != 0 else {
                throw RowRejection("quantity must be a non-zero whole number")
            }
            guard let amount = try record.number("amount") else { throw RowRejection("amount is required") }
            let channel = try record.oneOf("channel", Self.channels)
            return .append(
                id: id,
                values: [
                    customer.databaseValue, orderedAt.databaseValue, sku.databaseValue, quantity.databaseValue,
                    amount.databaseValue, channel?.databaseValue ?? .null,
                ])
        case .interactions:
            let id = try record.required("id")
            let customer = try record.required("customer_id")
            if let problem = references.customerProblem(customer) { throw RowRejection(problem) }
            guard let at = try record.timestamp("at") else { throw RowRejection("at is required") }
            guard let kind = try record.oneOf("kind", Self.interactionKinds) else {
                throw RowRejection("kind is required")
            }
            return .append(
                id: id,
                values: [
                    customer.databaseValue, at.databaseValue, kind.databaseValue,
                    record.optional("note")?.databaseValue ?? .null,
                ])
        case .stock:
            return try Self.parseStock(record, references: references)
        case .compliance:
            let customer = try record.required("customer_id")
            if let problem = references.customerProblem(customer) { throw RowRejection(problem) }
            guard let kind = try record.oneOf("kind", CRMVocabulary.violationKinds) else {
                throw RowRejection("kind is required")
            }
            guard let at = try record.date("at") else { throw RowRejection("at is required") }
            let note = record.optional("note")
            return .append(
                id: ComplianceViolation.id(customer: customer, kind: kind, at: at, note: note),
                values: [
                    customer.databaseValue, kind.databaseValue, at.databaseValue, note?.databaseValue ?? .null,
                ])
        }
    }
}

/// A validated row, ready to write.
enum ParsedRow {
    case mutable(key: [String], values: [String: DatabaseValue])
    case append(id: String, values: [DatabaseValue])
}

/// Why one record was rejected; the importer adds its line number.
public struct RowRejection: Error, Sendable, CustomStringConvertible {
    public var reason: String
    init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
