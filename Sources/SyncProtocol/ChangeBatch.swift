/// A bounded group of changes the receiver applies in one transaction, then acknowledges.
public struct ChangeBatch: Hashable, Sendable {
    /// Per-session batch counter, echoed in the ``Ack``.
    public var number: UInt64
    /// The changes, in the order the receiver should apply them.
    public var changes: [Change]
    /// After applying this batch the receiver may raise its version vector to at least these entries.
    /// Lets a sender cover sequences it compacted away (superseded cell versions) so they do not look missing.
    public var covers: VersionVector

    /// Creates a batch.
    public init(number: UInt64, changes: [Change], covers: VersionVector = VersionVector()) {
        self.number = number
        self.changes = changes
        self.covers = covers
    }
}
