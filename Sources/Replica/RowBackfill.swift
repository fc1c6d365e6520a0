import Foundation
import GRDB
import SyncProtocol

/// The current state of a region-scoped row and of every row that follows it, as changes carrying their
/// original clocks and origins: what a peer needs when a move brings the row into its scope, since the row's
/// earlier changes (its create, its orders) were left out of that peer's stream while the row was elsewhere and
/// lie below its cursor (docs/conflicts.md, "Scope").
///
/// Only changes at or below `bound` of their origin are produced: the receiver raises its version vector by every
/// change it merges, so a change above what the batch covers would make it skip that origin's changes in
/// between. Those above travel in the ordinary stream anyway, the row being inside the peer's scope now. Merging
/// is idempotent (last writer wins on the same clocks), so a row the peer already holds is resent harmlessly.
struct RowBackfill {
    let replica: Replica
    let db: Database
    let store: RowStore
    /// Per origin, the highest sequence a backfilled change may carry.
    let bound: (SiteID) -> UInt64

    /// `key` of column-scoped `table` and its followers, parents first; `except` (the change that moved it) is
    /// left out.
    func changes(table: TableSchema, key: [String], except: ReplicaChange) throws -> [ReplicaChange] {
        var found = try mutableRow(table: table, key: key)
        guard table.keyColumns.count == 1 else { return found }
        for child in replica.tables.replicated {
            guard case .parent(let parent, let column) = child.scope, parent == table.name else { continue }
            switch child.kind {
            case .appendOnly:
                found += try appendRows(child, column: column, parentKey: key[0])
            case .mutable:
                let names = child.keyColumns.joined(separator: ", ")
                let keys = try Row.fetchAll(
                    db, sql: "SELECT \(names) FROM \(child.name) WHERE \(column) = ?", arguments: [key[0]])
                for row in keys {
                    let childKey = (0..<child.keyColumns.count).map { (row[$0] as String?) ?? "" }
                    found += try mutableRow(table: child, key: childKey)
                }
            case .local:
                continue
            }
        }
        return found.filter { $0 != except }
    }

    /// A live row of a mutable table: its create (with the current image) and each cell with its own clock.
    private func mutableRow(table: TableSchema, key: [String]) throws -> [ReplicaChange] {
        let pk = try RowKey.encode(key, table: table)
        guard let marker = try store.marker(table: table, pk: pk), marker.causalLength % 2 == 1,
            let image = try store.image(table: table, key: key),
            let (causalLength, clocks) = try store.cellClocks(table: table, key: key)
        else { return [] }
        var found: [ReplicaChange] = []
        if let site = try replica.sites.site(of: marker.site, db), marker.seq <= bound(site) {
            found.append(
                ReplicaChange(
                    table: table.id, key: key, column: ReplicaChange.rowEvent, causalLength: marker.causalLength,
                    version: RowVersion(hlc: marker.hlc, site: site, seq: marker.seq), values: image))
        }
        for entry in clocks.entries where entry.column < image.count {
            guard let site = try replica.sites.site(of: entry.site, db), entry.seq <= bound(site) else { continue }
            found.append(
                ReplicaChange(
                    table: table.id, key: key, column: Int32(entry.column), causalLength: causalLength,
                    version: RowVersion(hlc: entry.hlc, site: site, seq: entry.seq), values: [image[entry.column]]))
        }
        return found
    }

    private func appendRows(_ table: TableSchema, column: String, parentKey: String) throws -> [ReplicaChange] {
        let columns = (table.allColumns + ["_site", "_seq"]).joined(separator: ", ")
        let rows = try Row.fetchAll(
            db, sql: "SELECT \(columns) FROM \(table.name) WHERE \(column) = ? ORDER BY rowid", arguments: [parentKey])
        let width = table.allColumns.count
        var found: [ReplicaChange] = []
        for row in rows {
            let seq = UInt64(row[width + 1] as Int64)
            guard let site = try replica.sites.site(of: row[width] as Int64, db), seq <= bound(site) else { continue }
            let values = (1..<width).map { row[$0] as DatabaseValue }
            found.append(
                ReplicaChange(
                    table: table.id, key: [(row[0] as String?) ?? ""], column: ReplicaChange.appendRow,
                    causalLength: 1, version: RowVersion(hlc: 0, site: site, seq: seq), values: values))
        }
        return found
    }
}
