/// The receiver applied (committed) a batch; the sender may checkpoint progress up to `versionVector`.
public struct Ack: Hashable, Sendable {
    /// The ``ChangeBatch/number`` being acknowledged.
    public var batchNumber: UInt64
    /// The receiver's version vector after applying the batch.
    public var versionVector: VersionVector

    /// Creates an acknowledgement.
    public init(batchNumber: UInt64, versionVector: VersionVector) {
        self.batchNumber = batchNumber
        self.versionVector = versionVector
    }
}
