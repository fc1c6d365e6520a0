import Replica

/// Erasures of customers' personal fields (PIPL art. 47): one row per `customer erase`, appended and replicated
/// with the NULLs it wrote, so every node that receives it also purges its local copies (conflict log, free
/// pages, WAL). It follows its customer, like orders. The row holds the id and the time, nothing personal.
extension TableSchema {
    public static let customerErasures = TableSchema(
        id: 10, name: "customer_erasures", keyColumns: ["id"], columns: ["customer_id", "erased_at"],
        kind: .appendOnly, scope: .parent(table: "customers", column: "customer_id"),
        valueKinds: ["erased_at": .timestamp], requiredColumns: ["customer_id", "erased_at"])
}
