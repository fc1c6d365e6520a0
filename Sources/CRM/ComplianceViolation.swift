import Crypto
import Foundation

/// One entry of the compliance record: a violation by a customer on a day.
public struct ComplianceViolation: Sendable, Equatable {
    /// Derived from the other fields (``id(customer:kind:at:note:)``).
    public var id: String
    public var customerID: String
    /// One of ``CRMVocabulary/violationKinds``.
    public var kind: String
    public var at: CalendarDay
    public var note: String?

    public init(customerID: String, kind: String, at: CalendarDay, note: String?) {
        self.id = Self.id(customer: customerID, kind: kind, at: at.description, note: note)
        self.customerID = customerID
        self.kind = kind
        self.at = at
        self.note = note
    }

    init(id: String, customerID: String, kind: String, at: CalendarDay, note: String?) {
        self.id = id
        self.customerID = customerID
        self.kind = kind
        self.at = at
        self.note = note
    }

    /// The row key: customer, day and kind, and a digest of the note. The same violation recorded twice (or on
    /// two nodes, or imported again) has the same key, so the append-only table holds it once.
    static func id(customer: String, kind: String, at: String, note: String?) -> String {
        let digest = SHA256.hash(data: Data((note ?? "").utf8))
        let hex = digest.prefix(8).map { String(format: "%02x", $0) }.joined()
        return "\(customer)/\(at)/\(kind)/\(hex)"
    }
}
