/// The scope key of a table: how a row's region is found, so a scoped node can hold only its own rows.
///
/// Declared by every table; the engine sends a scoped peer only its rows, refuses its writes outside them, and
/// purges and backfills rows by it (``ScopeResolver``, docs/architecture.md).
public enum TableScope: Sendable, Hashable {
    /// Every node holds every row (products, campaigns, segments).
    case companyWide
    /// The row's scope is the value of this column (customers by `region`).
    case column(String)
    /// The row follows its parent: `column` holds the key of a row of `table`, whose scope it shares
    /// (orders follow their customer through `customer_id`).
    case parent(table: String, column: String)
    /// Never leaves this node (local tables).
    case thisNode
}
