import Foundation
import GRDB
import Replica
import Sync
import ZeroMQ

/// The database checks of `outpost doctor`.
extension DoctorReport {
    static let rebuildFix =
        "rebuild the replica from a peer: `outpost init` a new --dir, add the same peers, `outpost sync --once`, "
        + "then re-enter any rows only this node had"

    static func integrity(_ db: Database) throws -> [DoctorFinding] {
        let problems = try String.fetchAll(db, sql: "PRAGMA integrity_check(10)")
        guard problems != ["ok"] else { return [] }
        return [
            DoctorFinding(
                severity: .error, check: "integrity",
                message: "SQLite integrity check failed: " + problems.prefix(3).joined(separator: "; "),
                fix: "`outpost serve` and `outpost sync` refuse to run on a damaged database so the damage cannot "
                    + "spread; keep a copy of the node directory, then " + rebuildFix)
        ]
    }

    /// Every peer has a valid CURVE key that is not this node's own.
    static func peerKeys(_ db: Database, ownKey: String?) throws -> [DoctorFinding] {
        try Row.fetchAll(db, sql: "SELECT name, public_key FROM outpost_peers ORDER BY name").compactMap { row in
            let name: String = row["name"]
            let key: String = row["public_key"] ?? ""
            let fix =
                "`outpost peer remove \(name)`, then `outpost peer add \(name) --key KEY` with the key its "
                + "`outpost keys show` prints"
            if (try? CurveKey(z85: key)) == nil {
                return DoctorFinding(
                    severity: .error, check: "peer-keys",
                    message:
                        "peer \(name) has no valid CURVE public key ('\(key)'): it can neither connect nor be dialled",
                    fix: fix)
            }
            if key == ownKey {
                return DoctorFinding(
                    severity: .error, check: "peer-keys", message: "peer \(name) has this node's own public key",
                    fix: fix)
            }
            return nil
        }
    }

    /// Peers whose clock differed from ours by more than `maxSkew` seconds at their last Hello.
    static func clockSkew(_ db: Database, maxSkew: Double) throws -> [DoctorFinding] {
        try PeerBook.stateRecords(db).values.sorted { $0.name < $1.name }.compactMap { record in
            guard let skew = record.clockSkewMillis, abs(Double(skew)) / 1000 > maxSkew else { return nil }
            let amount = Readable.duration(seconds: abs(Double(skew)) / 1000)
            return DoctorFinding(
                severity: .warning, check: "clock-skew",
                message:
                    "peer \(record.name)'s clock was \(amount) \(skew > 0 ? "ahead of" : "behind") ours at its last "
                    + "hello; last writer wins favours the faster clock",
                fix: "synchronise both clocks with NTP (chrony or systemd-timesyncd)")
        }
    }
}
