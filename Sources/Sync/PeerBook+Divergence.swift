import Foundation
import GRDB
import Replica

extension PeerBook {
    /// Records that this node's content differs from the peer's although both hold the same changes
    /// (`tables` names where), or clears that flag once a later comparison matches (`tables` nil).
    func recordDivergence(_ name: String, tables: [String]?) {
        _ = try? replica.writeLocal(as: SyncTables.owner) { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO outpost_peer_state (name, state) VALUES (?, 'offline')",
                arguments: [name])
            try db.execute(
                sql: "UPDATE outpost_peer_state SET diverged = ?, diverged_at = ? WHERE name = ?",
                arguments: [
                    tables?.joined(separator: ", "), tables == nil ? nil : timestamp(), name,
                ])
        }
    }

    /// Whether the peer is currently flagged as diverged.
    func isDiverged(_ name: String) -> Bool {
        let flag = try? replica.reader.read { db in
            try String.fetchOne(db, sql: "SELECT diverged FROM outpost_peer_state WHERE name = ?", arguments: [name])
        }
        return flag != nil
    }
}
