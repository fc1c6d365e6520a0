import Foundation
import GRDB

/// The audit chains in `outpost_audit`: appending to this node's chain, reading entries, and recomputing a
/// chain to find the first entry that was edited, deleted or moved. Only Replica writes the table.
enum AuditLog {
    static let columns = "node, seq, hlc, actor, action, object, detail, prev_hash, hash"

    /// Appends an entry to `node`'s chain after its last one, in the caller's transaction.
    @discardableResult
    static func append(
        _ db: Database, node: String, hlc: UInt64, actor: String, action: String, object: String, detail: String
    ) throws -> AuditEntry {
        let last = try Row.fetchOne(
            db, sql: "SELECT seq, hash FROM outpost_audit WHERE node = ? ORDER BY seq DESC LIMIT 1",
            arguments: [node])
        let entry = AuditEntry(
            node: node, seq: (last?[0] as Int64? ?? 0) + 1, hlc: hlc, actor: actor, action: action, object: object,
            detail: detail, previousHash: last?[1] ?? AuditEntry.genesis)
        try db.execute(
            sql: "INSERT INTO outpost_audit (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: [
                entry.node, entry.seq, Int64(bitPattern: entry.hlc), entry.actor, entry.action, entry.object,
                entry.detail, entry.previousHash, entry.hash,
            ])
        return entry
    }

    /// Entries in chain order, filtered by node, time (HLC at or after `sinceMillis`) and action.
    static func entries(
        _ db: Database, node: String? = nil, sinceMillis: Int64? = nil, action: String? = nil
    ) throws -> [AuditEntry] {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if let node {
            clauses.append("node = ?")
            arguments += [node]
        }
        if let sinceMillis {
            clauses.append("hlc >= ?")
            arguments += [Int64(bitPattern: HybridLogicalClock.timestamp(millis: UInt64(max(0, sinceMillis))))]
        }
        if let action {
            clauses.append("action = ?")
            arguments += [action]
        }
        let filter = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
        return try Row.fetchAll(
            db, sql: "SELECT \(columns) FROM outpost_audit\(filter) ORDER BY node, seq", arguments: arguments
        ).map(entry)
    }

    static func entry(_ row: Row) -> AuditEntry {
        var entry = AuditEntry(
            node: row["node"], seq: row["seq"], hlc: UInt64(bitPattern: row["hlc"] as Int64), actor: row["actor"],
            action: row["action"], object: row["object"], detail: row["detail"], previousHash: row["prev_hash"])
        entry.hash = row["hash"]
        return entry
    }

    /// Recomputes `node`'s chain from its first entry; the first entry out of place names the break.
    static func verify(_ db: Database, node: String) throws -> AuditVerification {
        var expected: Int64 = 1
        var previous = AuditEntry.genesis
        let rows = try Row.fetchCursor(
            db, sql: "SELECT \(columns) FROM outpost_audit WHERE node = ? ORDER BY seq", arguments: [node])
        while let row = try rows.next() {
            let entry = entry(row)
            if entry.seq != expected {
                return .broken(
                    seq: expected, reason: "entry \(expected) is missing (the chain goes on at \(entry.seq))")
            }
            if entry.previousHash != previous {
                return .broken(
                    seq: entry.seq,
                    reason: "entry \(entry.seq) does not follow entry \(entry.seq - 1) (its previous hash differs)")
            }
            if entry.computedHash() != entry.hash {
                return .broken(
                    seq: entry.seq, reason: "entry \(entry.seq) was changed (its hash does not match its contents)")
            }
            previous = entry.hash
            expected += 1
        }
        return .intact(entries: Int(expected - 1), head: previous)
    }
}

/// What recomputing an audit chain found.
public enum AuditVerification: Sendable, Equatable {
    /// Every entry is in place; `head` is the last entry's hash (the genesis hash for an empty chain).
    case intact(entries: Int, head: String)
    /// The first entry out of place, and how.
    case broken(seq: Int64, reason: String)
}
