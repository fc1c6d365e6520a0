import CRM
import Replica
import Sync

/// `customer erase` and what every node does when an erasure reaches it: the erased customer's personal values
/// leave the conflict log, then the database is rebuilt and its WAL emptied, so no copy survives in the files
/// (docs/privacy.md, "Erasure").
public enum ErasureRun {
    /// Erases `id`'s personal fields here (replicated) and purges this node's copies; returns the fields that
    /// held a value.
    public static func erase(_ directory: NodeDirectory, id: String) throws -> [String] {
        let replica = try directory.openReplica()
        let held = try CustomerErasure(replica: replica).erase(id: id)
        try settle(replica)
        return held
    }

    /// Purges the local copies of every erasure not purged yet (made here or received); returns how many.
    /// Each purge is audited (`purge`: the customer and the conflict entries removed).
    @discardableResult
    public static func settle(_ replica: Replica) throws -> Int {
        let erasure = CustomerErasure(replica: replica)
        let pending = try erasure.pending()
        guard !pending.isEmpty else { return 0 }
        let book = PeerBook(replica: replica)
        for item in pending {
            let forgotten = try book.forgetConflicts(
                table: TableSchema.customers.name, key: [item.customer], columns: PersonalData.columns)
            try replica.audit(
                action: "purge", object: "customer \(item.customer)",
                detail: "erasure \(item.erasure): \(forgotten) conflict entries removed, database rebuilt")
        }
        try erasure.settle(pending.map(\.erasure))
        try replica.purgeFreedContent()
        return pending.count
    }
}
