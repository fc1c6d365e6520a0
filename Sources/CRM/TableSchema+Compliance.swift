import Replica

/// The compliance record: violations per customer, appended, never edited (a wrong entry is answered by a new
/// one, not by rewriting history). It follows its customer, like orders and interactions.
extension TableSchema {
    public static let complianceViolations = TableSchema(
        id: 9, name: "compliance_violations", keyColumns: ["id"],
        columns: ["customer_id", "kind", "at", "note"],
        kind: .appendOnly, scope: .parent(table: "customers", column: "customer_id"),
        valueKinds: [
            "kind": .oneOf(CRMVocabulary.violationKinds), "at": .date,
            "note": .shortText(CRMVocabulary.maxDescriptionBytes),
        ],
        requiredColumns: ["customer_id", "kind", "at"])
}
