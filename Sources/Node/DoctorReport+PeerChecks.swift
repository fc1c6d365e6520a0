import Foundation
import GRDB
import Replica
import Sync

/// The clock and divergence checks of `outpost doctor`.
extension DoctorReport {
    /// This node's hybrid logical clock is more than the allowed skew ahead of its wall clock: it wrote with a
    /// clock set in the future, or took in such a change before peers bounded clocks. Every local write is then
    /// stamped that far ahead and beats later writes elsewhere until real time catches up.
    static func nodeClock(
        _ db: Database, wallMillis: UInt64,
        bound: UInt64 = ChangeAdmission.defaultMaxClockAheadMillis
    ) throws -> [DoctorFinding] {
        let hlc = UInt64(bitPattern: try Int64.fetchOne(db, sql: "SELECT hlc FROM outpost_node") ?? 0)
        let millis = HybridLogicalClock.millis(of: hlc)
        guard millis > wallMillis, millis - wallMillis > bound else { return [] }
        let ahead = Readable.duration(seconds: Double(millis - wallMillis) / 1000)
        return [
            DoctorFinding(
                severity: .error, check: "node-clock",
                message:
                    "this node's logical clock is \(ahead) ahead of its wall clock "
                    + "(\(Timestamps.iso(millis: Int64(clamping: millis), fractional: false))): its writes beat "
                    + "later writes elsewhere, and peers refuse its changes while they are more than "
                    + "\(Readable.duration(seconds: Double(bound) / 1000)) ahead",
                fix: "check this machine's clock (`timedatectl`; enable NTP), then rebuild this node from a peer: "
                    + "`outpost export` rows only it holds, `outpost init` a new --dir, add the same peers, "
                    + "`outpost sync --once`, re-import")
        ]
    }

    /// Peers whose content differed from ours although both held the same changes.
    static func divergence(_ db: Database) throws -> [DoctorFinding] {
        try PeerBook.stateRecords(db).values.sorted { $0.name < $1.name }.compactMap { record in
            guard let tables = record.diverged else { return nil }
            return DoctorFinding(
                severity: .error, check: "divergence",
                message:
                    "content differs from peer \(record.name) in \(tables) although both hold the same changes "
                    + "(found \(record.divergedAt ?? "?")): a node issued two different changes under one sequence "
                    + "number, e.g. it was restored from a backup or its directory was copied",
                fix: "run `outpost checksum` here and on \(record.name) (and other peers) to see which node differs "
                    + "from the rest; rebuild that one: `outpost export` rows only it holds, `outpost init` a new "
                    + "--dir, add the same peers, `outpost sync --once`, re-import; never run a copy of a node "
                    + "directory or a restored backup as a node")
        }
    }
}
