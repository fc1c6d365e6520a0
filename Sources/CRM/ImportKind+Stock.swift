import GRDB
import Replica

extension ImportKind {
    static let stockLimits = fieldLimits.filter { TableSchema.stock.allColumns.contains($0.key) }

    /// A stock record: region (known and in scope) and sku (known) required; on_hand, min_level, max_level,
    /// lead_time_days and counted_at (a timestamp; a day means its start) as given, checked like `stock set`
    /// (a level the file leaves out is checked against the stored one).
    static func parseStock(_ record: ImportRecord, references: ImportReferences) throws(RowRejection) -> ParsedRow {
        let region = try record.required("region")
        guard references.scope.contains(region) else {
            throw RowRejection("region '\(region)' is outside this node's regions (\(references.scope))")
        }
        guard references.regionKnown(region) else {
            throw RowRejection("unknown region '\(region)': no customer has it")
        }
        let sku = try record.required("sku")
        guard references.productExists(sku) else {
            throw RowRejection("unknown sku '\(sku)' (import products first)")
        }
        let onHand = try record.integer("on_hand")
        let min = try record.integer("min_level")
        let max = try record.integer("max_level")
        let lead = try record.integer("lead_time_days")
        let stored = references.stockLevels[[region, sku]]
        if let problem = StockLevel.problem(
            onHand: onHand, min: min ?? stored?.min ?? nil, max: max ?? stored?.max ?? nil, leadDays: lead)
        {
            throw RowRejection(problem)
        }
        let counted =
            record.optional("counted_at")?.count == 10
            ? try record.date("counted_at").map { $0 + "T00:00:00Z" } : try record.timestamp("counted_at")
        var values: [String: DatabaseValue] = [:]
        if let onHand { values["on_hand"] = onHand.databaseValue }
        if let min { values["min_level"] = min.databaseValue }
        if let max { values["max_level"] = max.databaseValue }
        if let lead = lead ?? (stored == nil ? Int64(StockLevel.defaultLeadTimeDays) : nil) {
            values["lead_time_days"] = lead.databaseValue
        }
        if let counted { values["counted_at"] = counted.databaseValue }
        return .mutable(key: [region, sku], values: values)
    }
}
