import GRDB

/// Watches one ``Replica/writeLocal(as:_:)`` transaction for a statement that would change a table its owner does
/// not hold as local: another module's local table, a replicated table (whose writes must be captured, through
/// ``Replica/write(_:)``) or the engine's bookkeeping. GRDB asks a transaction observer, before each statement
/// runs, which tables it changes (from SQLite's authorizer, `WITHOUT ROWID` tables included); the first foreign
/// one is kept, and `writeLocal` then throws, which rolls the whole transaction back.
///
/// Not `Sendable`: it lives inside one write closure, on the writer's queue.
final class LocalWriteGuard: TransactionObserver {
    private let owned: Set<String>
    /// The first table written that the owner does not hold.
    private(set) var foreign: String?

    init(owner: TableOwner) {
        owned = Set(owner.tables.filter { $0.kind == .local }.map(\.name))
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        let table = eventKind.tableName
        if foreign == nil, !owned.contains(table), !table.hasPrefix("sqlite_") { foreign = table }
        // Individual row events are not needed: the statement's tables are all this checks.
        return false
    }

    func databaseDidChange(with event: DatabaseEvent) {}
    func databaseDidCommit(_ db: Database) {}
    func databaseDidRollback(_ db: Database) {}
}
