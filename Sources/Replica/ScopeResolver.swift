import Foundation
import GRDB
import SyncProtocol

/// Finds the region a replicated change belongs to, from the table's declared scope key, so the engine can send
/// a peer only the changes inside the scope it was granted and refuse the ones a peer may not write.
///
/// A row scoped by a column (customers by `region`) is placed by that column; a row that follows a parent
/// (orders follow their customer) by its parent's region, resolved from the current rows when asked.
struct ScopeResolver {
    /// Where a change lies.
    enum Placement: Equatable {
        /// Every node holds it (products, campaigns, segments).
        case companyWide
        /// The regions of the row: its current one and, for an incoming change that sets it, the new one.
        case regions(Set<String>)
        /// The row (or its parent) is not here, or has no region: only an unscoped peer may have it.
        case unknown
    }

    let tables: TableCatalogue
    let db: Database
    private var lookups: [String: PreparedStatement] = [:]

    init(tables: TableCatalogue, db: Database) {
        self.tables = tables
        self.db = db
    }

    /// The placement of `change` by the rows as they are now; with `including` set, also the region the change
    /// itself would give a column-scoped row (an incoming create or region edit).
    mutating func placement(of change: ReplicaChange, including: Bool) throws -> Placement {
        guard let table = tables.table(id: change.table) else { return .unknown }
        switch table.scope {
        case .companyWide:
            return .companyWide
        case .thisNode:
            return .unknown
        case .column(let column):
            var found = Set<String>()
            if let current = try region(of: table, column: column, key: change.key) {
                found.formUnion(Self.regions(current))
            }
            if including, let new = Self.value(of: column, in: change, table: table) { found.insert(new) }
            return found.isEmpty ? .unknown : .regions(found)
        case .parent(let parentName, let column):
            guard let parent = tables.table(named: parentName), case .column(let parentColumn) = parent.scope else {
                return .unknown
            }
            var parentKey = Self.value(of: column, in: change, table: table)
            if parentKey == nil { parentKey = try currentValue(of: column, table: table, key: change.key) }
            guard let parentKey else { return .unknown }
            guard let region = try region(of: parent, column: parentColumn, key: [parentKey]) else { return .unknown }
            return .regions(Self.regions(region))
        }
    }

    /// Whether a peer granted `scope` may receive `change`. A deletion whose row is gone carries no values and
    /// cannot be placed: it travels, so every holder of the row learns of the delete.
    mutating func admits(_ change: ReplicaChange, to scope: RegionScope) throws -> Bool {
        if scope.isAll { return true }
        switch try placement(of: change, including: false) {
        case .companyWide: return true
        case .regions(let regions):
            if regions.allSatisfy(scope.contains) { return true }
            // A move out of the peer's scope reaches the peer too, so it purges the row (its new region only).
            guard let table = tables.table(id: change.table), change.column >= 0,
                ScopeTrail.isScopeColumn(Int(change.column), of: table)
            else { return false }
            let pk = try RowKey.encode(change.key, table: table)
            return try ScopeTrail.regionsLeft(db, table: table, pk: pk).contains(where: scope.contains)
        case .unknown: return change.isDeletion
        }
    }

    /// Whether `change`, refused by the rows as they stand, was written while its row was inside the sender's
    /// `scope`: its row (or the row it follows) has moved out since, by a move the sender had not received when
    /// the session began (`senderHeads`), from a region inside `scope`. Such an offline edit is merged (and,
    /// being outside the sender's scope now, never sent back to it).
    mutating func wasInScopeWhenWritten(
        _ change: ReplicaChange, grantedScope scope: RegionScope, senderHeads: SiteHeads?
    ) throws -> Bool {
        guard let senderHeads, let table = tables.table(id: change.table) else { return false }
        let row: (table: TableSchema, key: [String])
        switch table.scope {
        case .column:
            // The sender may not move the row itself out of its scope.
            if change.column >= 0, ScopeTrail.isScopeColumn(Int(change.column), of: table) { return false }
            row = (table, change.key)
        case .parent(let parentName, let column):
            guard let parent = tables.table(named: parentName) else { return false }
            var parentKey = Self.value(of: column, in: change, table: table)
            if parentKey == nil { parentKey = try currentValue(of: column, table: table, key: change.key) }
            guard let parentKey else { return false }
            row = (parent, [parentKey])
        default:
            return false
        }
        guard case .column(let scopeColumn) = row.table.scope, let number = row.table.columnNumber(scopeColumn),
            let entry = try RowStore(db).cellClocks(table: row.table, key: row.key)?.clocks[number],
            let bytes = try Data.fetchOne(
                db, sql: "SELECT site_id FROM outpost_sites WHERE ordinal = ?", arguments: [entry.site]),
            let mover = SiteID(bytes: bytes)
        else { return false }
        guard (senderHeads[mover] ?? 0) < entry.seq else { return false }
        let pk = try RowKey.encode(row.key, table: row.table)
        return try ScopeTrail.regionsLeft(db, table: row.table, pk: pk).contains(where: scope.contains)
    }

    /// Why a peer granted `scope` may not write `change`, or nil when it may.
    mutating func refusal(of change: ReplicaChange, grantedScope scope: RegionScope) throws -> String? {
        if scope.isAll { return nil }
        switch try placement(of: change, including: true) {
        case .companyWide:
            return "company-wide table: only headquarters writes it"
        case .regions(let regions):
            let outside = regions.filter { !scope.contains($0) }.sorted()
            return outside.isEmpty ? nil : "region \(outside.joined(separator: ",")) is outside scope \(scope)"
        case .unknown:
            return change.isDeletion ? nil : "its region is unknown here, so it cannot be within scope \(scope)"
        }
    }

    /// The value a change carries for `column` (a create's image, an append row, a cell of that column or a
    /// key part), as text.
    private static func value(of column: String, in change: ReplicaChange, table: TableSchema) -> String? {
        if let index = table.keyColumns.firstIndex(of: column), index < change.key.count { return change.key[index] }
        guard let index = table.columnNumber(column) else { return nil }
        switch change.column {
        case ReplicaChange.rowEvent, ReplicaChange.appendRow:
            return index < change.values.count ? Self.text(change.values[index]) : nil
        case Int32(index):
            return change.values.first.flatMap(Self.text)
        default:
            return nil
        }
    }

    private static func text(_ value: DatabaseValue) -> String? {
        String.fromDatabaseValue(value)
    }

    private mutating func currentValue(of column: String, table: TableSchema, key: [String]) throws -> String? {
        try lookup(table: table, column: column, key: key)
    }

    /// The region of a row, alive or deleted (as recorded when it was deleted here).
    private mutating func region(of table: TableSchema, column: String, key: [String]) throws -> String? {
        if let alive = try lookup(table: table, column: column, key: key) { return alive }
        guard key.count == table.keyColumns.count, let pk = try? RowKey.encode(key, table: table) else { return nil }
        let statement: PreparedStatement
        if let cached = lookups[Self.deletedLookup] {
            statement = cached
        } else {
            statement = try PreparedStatement(
                db, sql: "SELECT region FROM outpost_deleted_scope WHERE tbl = ? AND pk = ?")
            lookups[Self.deletedLookup] = statement
        }
        statement.reset()
        statement.bind(1, Int64(table.id))
        statement.bind(2, pk)
        guard try statement.step(db) else { return nil }
        let value = statement.text(0)
        statement.reset()
        return value
    }

    private static let deletedLookup = "outpost_deleted_scope"

    /// A region, or the regions of a sender's scope recorded for a deletion of a row never held here
    /// (`south,west`: region names hold no comma).
    private static func regions(_ text: String) -> Set<String> {
        text.contains(",") ? Set(text.split(separator: ",").map(String.init)) : [text]
    }

    private mutating func lookup(table: TableSchema, column: String, key: [String]) throws -> String? {
        guard key.count == table.keyColumns.count else { return nil }
        let name = "\(table.name).\(column)"
        let statement: PreparedStatement
        if let cached = lookups[name] {
            statement = cached
        } else {
            let predicate = table.keyColumns.map { "\($0) = ?" }.joined(separator: " AND ")
            statement = try PreparedStatement(db, sql: "SELECT \(column) FROM \(table.name) WHERE \(predicate)")
            lookups[name] = statement
        }
        statement.reset()
        for (offset, part) in key.enumerated() { statement.bind(Int32(offset + 1), part) }
        guard try statement.step(db) else { return nil }
        let value = statement.text(0)
        statement.reset()
        return value
    }
}

extension TableSchema {
    /// Whether the table's rows are placed by a column of their own (customers by region).
    var isColumnScoped: Bool {
        if case .column = scope { return true }
        return false
    }
}

extension ReplicaChange {
    /// A row deletion (an even causal length on an existence marker): it carries no values.
    var isDeletion: Bool { column == ReplicaChange.rowEvent && causalLength % 2 == 0 }
}
