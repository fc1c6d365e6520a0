import Foundation
import GRDB

/// Errors of the replica layer. SQLite failures keep GRDB's `DatabaseError` (result code, message, SQL).
public enum ReplicaError: Error, CustomStringConvertible, Sendable {
    case notInitialized(path: String)
    case alreadyInitialized(path: String)
    case cannotCreate(path: String, detail: String)
    /// The database predates this version of Outpost and a read-only open cannot upgrade it.
    case needsUpgrade(path: String)
    case unknownTable(String, known: [String])
    /// A module's table declaration contradicts itself or another module's.
    case invalidDeclaration(module: String, table: String, reason: String)
    /// A local write with an owner that did not open this replica.
    case undeclaredOwner(module: String)
    /// A local write that changed a table its module does not own as local (another module's, a replicated one).
    case notOwned(module: String, table: String)
    case unknownColumn(table: String, column: String)
    case rowNotFound(table: String, key: [String])
    case rowExists(table: String, key: [String])
    case invalidKey(table: String, key: [String], reason: String)
    /// A remote change that cannot be applied as sent; the whole batch is refused.
    case malformedChange(String)

    public var description: String {
        switch self {
        case .notInitialized(let path):
            return "no Outpost node at \(path): run `outpost init` first"
        case .alreadyInitialized(let path):
            return "an Outpost node already exists at \(path)"
        case .cannotCreate(let path, let detail):
            return "cannot create \(path): \(detail)"
        case .needsUpgrade(let path):
            return "\(path) was written by an older Outpost and must be upgraded before it can be read: run "
                + "`outpost serve` or any command that changes data once, as the node's owner"
        case .unknownTable(let name, let known):
            return "unknown table '\(name)' (tables: \(known.joined(separator: ", ")))"
        case .invalidDeclaration(let module, let table, let reason):
            return "module \(module) declares table \(table) wrongly: \(reason)"
        case .undeclaredOwner(let module):
            return "module \(module) did not declare its tables to this replica, so it cannot write them"
        case .notOwned(let module, let table):
            return "module \(module) does not own table \(table) as a local table, so it cannot write it there"
        case .unknownColumn(let table, let column):
            return "table '\(table)' has no column '\(column)'"
        case .rowNotFound(let table, let key):
            return "no row \(key.joined(separator: "/")) in \(table)"
        case .rowExists(let table, let key):
            return "row \(key.joined(separator: "/")) already exists in \(table)"
        case .invalidKey(let table, let key, let reason):
            return "invalid key \(key) for \(table): \(reason)"
        case .malformedChange(let reason):
            return "malformed change: \(reason)"
        }
    }
}
