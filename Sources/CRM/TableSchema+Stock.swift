import Replica

/// Stock per region and product: what the region's office counted on hand and the levels it keeps between.
/// Scoped by its region (the key's first part), so an office holds and writes only its own shelves.
extension TableSchema {
    public static let stock = TableSchema(
        id: 11, name: "stock", keyColumns: ["region", "sku"],
        columns: ["on_hand", "min_level", "max_level", "lead_time_days", "counted_at"],
        numericColumns: ["on_hand", "min_level", "max_level", "lead_time_days"], kind: .mutable,
        scope: .column("region"),
        valueKinds: [
            "on_hand": .integer, "min_level": .integer, "max_level": .integer, "lead_time_days": .integer,
            "counted_at": .timestamp,
        ])
}
