/// Every table a replica was opened with, by module: the engine's only knowledge of what it stores.
public struct TableCatalogue: Sendable {
    /// The declarations, the replica's own first, in the order their migrations run.
    public let declarations: [TableDeclaration]
    /// Replicated tables, in declaration order (each module lists parents before children).
    public let replicated: [TableSchema]
    private let byID: [UInt8: TableSchema]
    private let byName: [String: (table: TableSchema, module: String)]

    /// Checks the declarations against each other: unique names and wire numbers, local tables without a
    /// wire number, and scope keys that name a declared column or parent table.
    public init(_ declarations: [TableDeclaration]) throws {
        self.declarations = declarations
        var byID: [UInt8: TableSchema] = [:]
        var byName: [String: (table: TableSchema, module: String)] = [:]
        var replicated: [TableSchema] = []
        for declaration in declarations {
            for table in declaration.tables {
                func invalid(_ reason: String) -> ReplicaError {
                    .invalidDeclaration(module: declaration.module, table: table.name, reason: reason)
                }
                if let other = byName[table.name] { throw invalid("also declared by \(other.module)") }
                byName[table.name] = (table, declaration.module)
                let columns = Set(table.keyColumns + table.columns)
                if columns.count != table.keyColumns.count + table.columns.count || table.keyColumns.isEmpty {
                    throw invalid("needs a key and distinct column names")
                }
                switch table.kind {
                case .local:
                    guard table.id == 0, table.scope == .thisNode else {
                        throw invalid("a local table has wire number 0 and scope thisNode")
                    }
                    continue
                case .appendOnly:
                    guard table.keyColumns == ["id"] else { throw invalid("an append-only table is keyed by id") }
                case .mutable:
                    break
                }
                guard table.id != 0, table.scope != .thisNode else {
                    throw invalid("a replicated table needs a wire number and a scope")
                }
                if let other = byID[table.id] { throw invalid("wire number \(table.id) is also \(other.name)'s") }
                byID[table.id] = table
                replicated.append(table)
            }
        }
        for table in replicated {
            let columns = Set(table.keyColumns + table.columns)
            switch table.scope {
            case .column(let column) where !columns.contains(column):
                throw ReplicaError.invalidDeclaration(
                    module: byName[table.name]!.module, table: table.name, reason: "no scope column \(column)")
            case .parent(let parent, let column)
            where !columns.contains(column) || byName[parent].map({ !$0.table.isReplicated }) ?? true:
                throw ReplicaError.invalidDeclaration(
                    module: byName[table.name]!.module, table: table.name,
                    reason: "scope follows \(parent).\(column), which is not a replicated parent and key column")
            default:
                continue
            }
        }
        self.byID = byID
        self.byName = byName
        self.replicated = replicated
    }

    /// The replicated table with wire number `id`.
    public func table(id: UInt8) -> TableSchema? { byID[id] }

    /// The replicated table called `name`.
    public func table(named name: String) -> TableSchema? {
        byName[name].flatMap { $0.table.isReplicated ? $0.table : nil }
    }

    /// Any declared table called `name`, local ones included.
    public func declared(named name: String) -> TableSchema? { byName[name]?.table }

    /// The module that declared table `name`.
    public func owner(of name: String) -> String? { byName[name]?.module }

    /// Whether `owner` is the very owner declared to this replica (not one built elsewhere with its name).
    func isDeclared(_ owner: TableOwner) -> Bool { declarations.contains { $0.owner === owner } }
}
