import Foundation
import GRDB
import Replica

extension PeerBook {
    /// Forgets what Sync kept of rows the replica purged because they left this node's scope: resolved
    /// conflicts hold old and new values (a phone number), which must go with the row. A conflict is dropped
    /// when its key is the purged row's or has it as one of its parts (a campaign member of the customer).
    func forgetPurged(_ purged: [PurgedRow]) {
        guard !purged.isEmpty else { return }
        let keys = Set(purged.map { $0.key.joined(separator: "/") })
        _ = try? replica.writeLocal(as: SyncTables.owner) { db in
            for conflict in try Row.fetchAll(db, sql: "SELECT id, pk FROM outpost_conflicts") {
                let pk: String = conflict[1]
                guard keys.contains(pk) || pk.split(separator: "/").contains(where: { keys.contains(String($0)) })
                else { continue }
                try db.execute(sql: "DELETE FROM outpost_conflicts WHERE id = ?", arguments: [conflict[0] as Int64])
            }
        }
    }
}
