import Foundation
import GRDB
import Glibc

/// The node's audit chain (``AuditEntry``): every local write transaction appends one entry itself (see
/// ``write(action:_:)``), applied batches one each (``apply(_:covers:senderHeads:admission:grantedScope:peer:)``),
/// and other modules record reads, exports and admin changes through ``audit(action:object:detail:)``.
extension Replica {
    /// This node's chain id: its site id, `8-4-4-4-12`.
    public var auditNode: String { identity.siteID.uuidString }

    /// `user@node`: the effective operating-system user (its name, else its uid) and this node's name.
    public var auditActor: String {
        let uid = geteuid()
        let user = getpwuid(uid).flatMap { $0.pointee.pw_name.map { String(cString: $0) } } ?? "uid \(uid)"
        return "\(user)@\(identity.name)"
    }

    /// Appends an entry to this node's chain in its own transaction, stamped with the next clock tick.
    /// `detail` holds counts, keys and names, never personal values.
    @discardableResult
    public func audit(action: String, object: String, detail: String) throws -> AuditEntry {
        try pool.write { db in try audit(db, action: action, object: object, detail: detail) }
    }

    /// Appends an entry in the caller's transaction, stamped with the clock's next tick. The tick is not
    /// persisted: an audit entry is no change, and must not move the clock that stamps changes (a refused batch
    /// leaves it where it was).
    @discardableResult
    func audit(_ db: Database, action: String, object: String, detail: String) throws -> AuditEntry {
        var clock = HybridLogicalClock(last: UInt64(try Int64.fetchOne(db, sql: "SELECT hlc FROM outpost_node") ?? 0))
        let hlc = clock.tick(wallMillis: wallClock())
        return try AuditLog.append(
            db, node: auditNode, hlc: hlc, actor: auditActor, action: action, object: object, detail: detail)
    }

    /// The entry of an applied batch: the peer, counts, tables, and the keys of refused changes.
    func auditApplied(_ db: Database, _ outcome: MergeOutcome, of count: Int, from peer: String) throws {
        var detail = "\(count) received, \(outcome.applied) applied, \(outcome.ignored) ignored, "
        detail += "\(outcome.conflicts.count) conflicts, \(outcome.refused.count) refused"
        if !outcome.refused.isEmpty {
            let shown = outcome.refused.prefix(5).map { "\($0.table) \($0.key.joined(separator: "/"))" }
            let more = outcome.refused.count > 5 ? ", +\(outcome.refused.count - 5) more" : ""
            detail += " (" + shown.joined(separator: ", ") + more + ")"
        }
        try audit(db, action: "apply", object: peer, detail: detail)
    }

    /// Entries of every chain this database holds (or of `node`'s), in chain order; `sinceMillis` keeps those
    /// at or after that wall-clock time, `action` those of one action.
    public static func auditEntries(
        _ db: Database, node: String? = nil, sinceMillis: Int64? = nil, action: String? = nil
    ) throws -> [AuditEntry] {
        try AuditLog.entries(db, node: node, sinceMillis: sinceMillis, action: action)
    }

    /// Recomputes `node`'s chain (see ``AuditVerification``).
    public static func verifyAudit(_ db: Database, node: String) throws -> AuditVerification {
        try AuditLog.verify(db, node: node)
    }

    /// The chains held: node id and number of entries.
    public static func auditChains(_ db: Database) throws -> [(node: String, entries: Int)] {
        try Row.fetchAll(db, sql: "SELECT node, count(*) FROM outpost_audit GROUP BY node ORDER BY node").map {
            ($0[0], $0[1])
        }
    }
}
