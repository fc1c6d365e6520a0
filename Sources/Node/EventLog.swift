import CRM
import Foundation
import GRDB
import Sync

/// `outpost log`: the sync journal (`outpost_events`: session start and end, batches with counts, refusals
/// with the reason and key, errors, serve start and stop). The engine keeps the newest
/// `PeerBook.eventRetention` events (pruned every 1,000 inserts, so at most 1,000 more).
public struct EventLog: Sendable {
    public var since: TimeBound?
    public var peer: String?
    private let pool: any DatabaseReader

    public init(_ directory: NodeDirectory, since: TimeBound? = nil, peer: String? = nil) throws {
        pool = try directory.openForReading()
        self.since = since
        self.peer = peer
        if let peer {
            let known = try pool.read { db in
                try Bool.fetchOne(db, sql: "SELECT 1 FROM outpost_peers WHERE name = ?", arguments: [peer]) ?? false
                    || Bool.fetchOne(db, sql: "SELECT 1 FROM outpost_events WHERE peer = ? LIMIT 1", arguments: [peer])
                        ?? false
            }
            guard known else { throw NodeError.notFound("no peer named \(peer): see `outpost peer list`") }
        }
    }

    /// Events after `afterID` matching the filters, oldest first.
    public func events(after afterID: Int64 = 0) throws -> [PeerBook.EventRecord] {
        try pool.read { db in try PeerBook.events(db, since: since?.iso, peer: peer, afterID: afterID) }
    }

    /// Prints the matching events, then (when `follow`) polls every 200 ms for new ones until `shouldStop`
    /// says so. `emit` gets each event as it is found.
    public func run(
        follow: Bool, shouldStop: () -> Bool, emit: (PeerBook.EventRecord) -> Void
    ) throws {
        var last: Int64 = 0
        for event in try events() {
            emit(event)
            last = event.id
        }
        guard follow else { return }
        while !shouldStop() {
            Thread.sleep(forTimeInterval: 0.2)
            for event in try events(after: last) {
                emit(event)
                last = event.id
            }
        }
    }

    public static func json(_ event: PeerBook.EventRecord) -> JSONValue {
        .object([
            "id": .integer(event.id), "at": .string(event.at), "peer": event.peer.map(JSONValue.string) ?? .null,
            "kind": .string(event.kind), "detail": .string(event.detail),
        ])
    }

    /// One aligned line: time, peer (padded to `peerWidth`), kind, detail; errors and refusals in red.
    public static func line(_ event: PeerBook.EventRecord, peerWidth: Int, style: TerminalStyle) -> String {
        let peer = event.peer ?? "-"
        let peerCell = peer + String(repeating: " ", count: max(0, peerWidth - TextTable.displayWidth(peer)))
        let kindCell = event.kind.padding(toLength: max(8, event.kind.count), withPad: " ", startingAt: 0)
        let kind = ["error", "refused"].contains(event.kind) ? style.red(kindCell) : kindCell
        return "\(style.dim(event.at))  \(peerCell)  \(kind)  \(event.detail)"
    }

    /// Width of the peer column: the longest configured peer name, so followed lines stay aligned.
    public func peerWidth() throws -> Int {
        let names = try pool.read { db in
            try String.fetchAll(
                db,
                sql:
                    "SELECT name FROM outpost_peers UNION SELECT DISTINCT peer FROM outpost_events WHERE peer IS NOT NULL"
            )
        }
        return names.map(TextTable.displayWidth).max() ?? 1
    }
}
