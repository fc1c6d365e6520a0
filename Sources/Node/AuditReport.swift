import CRM
import GRDB
import Replica
import Sync
import SyncProtocol

/// `outpost audit` and `outpost audit verify`: the audit chains this node holds, with node names where known.
public struct AuditReport: Sendable {
    public var entries: [AuditEntry]
    /// Node names of chain ids: this node and every peer that introduced itself.
    public var names: [String: String]

    /// Chain ids by node name (this node and its peers), for `--node NAME`.
    static func names(_ db: Database) throws -> [String: String] {
        let identity = try NodeDirectory.identity(db)
        var names = [identity.siteID.uuidString: identity.name]
        for record in try PeerBook.stateRecords(db).values {
            if let site = record.siteID { names[site.uuidString] = record.name }
        }
        return names
    }

    /// The chain id `node` names: a node name, a site id, or this node when nil.
    static func chain(_ node: String?, _ db: Database, names: [String: String]) throws -> String {
        guard let node else { return try NodeDirectory.identity(db).siteID.uuidString }
        if let id = names.first(where: { $0.value == node })?.key { return id }
        if let site = SiteID(uuidString: node) { return site.uuidString }
        throw NodeError.notFound("no node named \(node): give this node's name, a peer's name or a node id")
    }

    public static func load(
        _ directory: NodeDirectory, since: TimeBound?, node: String?, action: String?
    ) throws -> AuditReport {
        try directory.openForReading().read { db in
            let names = try names(db)
            // A node made before the audit log has no table until it is next opened for writing.
            guard try db.tableExists("outpost_audit") else { return AuditReport(entries: [], names: names) }
            let chain = try node.map { try Self.chain($0, db, names: names) }
            return AuditReport(
                entries: try Replica.auditEntries(db, node: chain, sinceMillis: since?.millis, action: action),
                names: names)
        }
    }

    /// Recomputes a chain (this node's unless `node` names another) and returns its name and the result.
    public static func verify(_ directory: NodeDirectory, node: String?) throws -> (
        name: String, result: AuditVerification
    ) {
        try directory.openForReading().read { db in
            let names = try names(db)
            let chain = try Self.chain(node, db, names: names)
            guard try db.tableExists("outpost_audit") else {
                return (names[chain] ?? chain, .intact(entries: 0, head: AuditEntry.genesis))
            }
            return (names[chain] ?? chain, try Replica.verifyAudit(db, node: chain))
        }
    }

    public static func verificationText(name: String, _ result: AuditVerification) -> String {
        switch result {
        case .intact(0, _):
            // Each node holds its own chain only: another node's is verified on that node.
            return "no audit entries of \(name) here"
        case .intact(let entries, let head):
            return "audit chain of \(name): \(entries) entries, intact (head \(head.prefix(16))…)"
        case .broken(_, let reason):
            return "audit chain of \(name) is broken: \(reason)"
        }
    }

    public static func verificationJSON(name: String, _ result: AuditVerification) -> JSONValue {
        switch result {
        case .intact(let entries, let head):
            return .object([
                "node": .string(name), "intact": .bool(true), "entries": .integer(Int64(entries)),
                "head": .string(head),
            ])
        case .broken(let seq, let reason):
            return .object([
                "node": .string(name), "intact": .bool(false), "broken_at": .integer(seq), "reason": .string(reason),
            ])
        }
    }

    public var json: JSONValue {
        .array(
            entries.map { entry in
                .object([
                    "node": .string(names[entry.node] ?? entry.node), "node_id": .string(entry.node),
                    "seq": .integer(entry.seq), "at": .string(entry.at),
                    "hlc": .integer(Int64(bitPattern: entry.hlc)), "actor": .string(entry.actor),
                    "action": .string(entry.action), "object": .string(entry.object), "detail": .string(entry.detail),
                    "prev_hash": .string(entry.previousHash), "hash": .string(entry.hash),
                ])
            })
    }

    public var text: String {
        guard !entries.isEmpty else { return "no audit entries" }
        var table = TextTable(header: ["node", "seq", "at", "actor", "action", "object", "detail"])
        for entry in entries {
            table.add([
                names[entry.node] ?? entry.node, String(entry.seq), entry.at, entry.actor, entry.action, entry.object,
                entry.detail,
            ])
        }
        return table.render() + "\n(\(Readable.count(entries.count)) entries)"
    }
}
