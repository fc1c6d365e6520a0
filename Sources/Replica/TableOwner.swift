/// A module's tables and the migrations that create them: what the module declares to ``Replica``, and the
/// key to write its local tables (``Replica/writeLocal(as:_:)``).
///
/// A module keeps its owner `internal` and hands out only its ``declaration``, which opens a replica but
/// writes nothing: another module cannot reach the owner, and an owner it builds itself was not declared
/// (the replica compares identity), so no module writes another's tables.
public final class TableOwner: Sendable {
    /// The owning module (`replica`, `crm`, `sync`), named in findings and errors.
    public let module: String
    public let tables: [TableSchema]
    /// Run in order by GRDB's migrator; identifiers are recorded in the database and never change.
    let migrations: [TableMigration]

    public init(module: String, tables: [TableSchema], migrations: [TableMigration]) {
        self.module = module
        self.tables = tables
        self.migrations = migrations
    }

    /// The tables without the right to write them: what ``Replica/open(at:declaring:wallClock:)`` takes.
    public var declaration: TableDeclaration { TableDeclaration(owner: self) }
}

/// One migration of a module's tables: an identifier recorded once applied, and its SQL.
public struct TableMigration: Sendable {
    public let identifier: String
    public let sql: String

    public init(_ identifier: String, sql: String) {
        self.identifier = identifier
        self.sql = sql
    }
}

/// A module's declared tables, as passed to ``Replica``; it grants no write access.
public struct TableDeclaration: Sendable {
    let owner: TableOwner

    public var module: String { owner.module }
    public var tables: [TableSchema] { owner.tables }
}
