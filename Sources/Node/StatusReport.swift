import CRM
import Foundation
import GRDB
import Replica
import Sync

/// `outpost status`: this node and one row per peer, under a one-line verdict. Read through a read-only
/// connection, so it answers while `serve` writes.
public struct StatusReport: Sendable {
    public var node: NodeSummary
    public var peers: [PeerStatus]
    public var generatedAt: Date
    /// Local changes too large to replicate: skipped by every session, so peers lack them whatever vectors say.
    public var quarantined: [PeerBook.QuarantineRecord] = []

    /// Loads the report of the node in `directory`.
    public static func load(_ directory: NodeDirectory, now: Date = Date()) throws -> StatusReport {
        let pool = try directory.openForReading()
        return try pool.read { db in
            let node = try NodeSummary.load(directory, db)
            var ours = SiteHeads()
            for entry in try NodeDirectory.sites(db) where entry.head > 0 { ours[entry.site] = entry.head }
            let records = try PeerBook.stateRecords(db)
            let peers = try Row.fetchAll(db, sql: "SELECT * FROM outpost_peers ORDER BY name").map { row in
                Peer(
                    name: row["name"], endpoint: row["endpoint"], publicKey: row["public_key"], role: row["role"],
                    region: row["region"], addedAt: row["added_at"])
            }
            let statuses = peers.map {
                PeerStatus(peer: $0, record: records[$0.name], ours: ours, serving: node.listening)
            }
            return StatusReport(
                node: node, peers: statuses, generatedAt: now,
                quarantined: try PeerBook.quarantined(db, tables: NodeTables.replicated))
        }
    }

    /// Every peer is in sync (trivially so with none): exit status 0, else 3.
    public var allInSync: Bool { peers.allSatisfy { $0.standing == .inSync } }

    /// `in sync with 2/3 peers; west offline for 3h12m, lacks 4,212 changes`.
    public var verdict: String {
        guard !peers.isEmpty else { return "no peers configured: add one with `outpost peer add`" }
        let inSync = peers.filter { $0.standing == .inSync }.count
        var problems = peers.compactMap { $0.problem(now: generatedAt) }
        if !quarantined.isEmpty { problems.append(QuarantineSummary.text(quarantined)) }
        return (["in sync with \(inSync)/\(peers.count) peers"] + problems).joined(separator: "; ")
    }

    public var json: JSONValue {
        .object([
            "verdict": .string(verdict), "in_sync": .bool(allInSync),
            "generated_at": .string(Timestamps.iso(generatedAt)), "node": node.json,
            "peers": .array(peers.map { $0.json(now: generatedAt) }),
            "quarantined": QuarantineSummary.json(quarantined),
        ])
    }

    public func text(style: TerminalStyle) -> String {
        var out = [allInSync ? style.green(verdict) : style.yellow(verdict), ""]
        let identity = node.identity
        var facts = TextTable(header: [
            "node", "\(identity.name) (\(identity.role.rawValue), region \(identity.region))",
        ])
        facts.add(["node id", identity.siteID.uuidString.lowercased()])
        let listening =
            node.servePid.map { "listening (serve pid \($0))" } ?? "not listening (no `outpost serve` running)"
        facts.add(["endpoint", (node.endpoint.map { $0 + ", " } ?? "") + listening])
        var head = "\(Readable.count(Int(node.localHead))) local change\(node.localHead == 1 ? "" : "s")"
        if let write = node.lastLocalWrite {
            head += ", last local write \(write) (\(Readable.ago(write, now: generatedAt)))"
        }
        facts.add(["head", head])
        let metadata = Readable.bytes(node.syncMetadataBytes) + (node.syncMetadataMeasured ? "" : " (estimated)")
        facts.add(["size", "database \(Readable.bytes(node.databaseBytes)), sync metadata \(metadata)"])
        facts.add(["rows", node.rows.map { "\($0.table) \(Readable.count($0.count))" }.joined(separator: ", ")])
        out.append(facts.render())
        guard !peers.isEmpty else { return out.joined(separator: "\n") }
        out.append("")
        var table = TextTable(
            header: [
                "peer", "state", "last contact", "last sync", "it lacks", "we lack", "as of", "sent", "received",
                "last error",
            ], rightAligned: [4, 5])
        for status in peers {
            let record = status.record
            func traffic(_ changes: Int64?, _ bytes: Int64?) -> String {
                "\(Readable.count(Int(changes ?? 0))) chg, \(Readable.bytes(bytes ?? 0))"
            }
            var error = "-"
            if let text = record?.lastError {
                error = "\(text) (\(Readable.ago(record?.lastErrorAt, now: generatedAt)))"
            }
            table.add([
                status.peer.name, status.standing == .diverged ? "diverged" : status.state.rawValue,
                Readable.ago(record?.lastContact, now: generatedAt),
                Readable.ago(record?.lastSync, now: generatedAt),
                status.lacksFromUs.map { Readable.count(Int(clamping: $0)) } ?? "?",
                status.weLackText, Readable.ago(record?.headsAt, now: generatedAt),
                traffic(record?.changesSent, record?.bytesSent),
                traffic(record?.changesReceived, record?.bytesReceived)
                    + ((record?.changesRefused ?? 0) > 0 ? ", refused \(record?.changesRefused ?? 0)" : ""),
                error,
            ])
        }
        out.append(
            table.render { row, column, cell in
                guard row > 0 else { return style.bold(cell) }
                let status = peers[row - 1]
                switch column {
                case 1:
                    if status.standing == .diverged { return style.red(cell) }
                    switch status.state {
                    case .connected, .syncing: return style.green(cell)
                    case .refused: return style.red(cell)
                    case .offline, .connecting: return style.yellow(cell)
                    }
                case 4, 5: return cell.trimmingCharacters(in: .whitespaces) == "0" ? cell : style.yellow(cell)
                case 9: return status.record?.lastError == nil ? cell : style.red(cell)
                default: return cell
                }
            })
        return out.joined(separator: "\n")
    }
}
