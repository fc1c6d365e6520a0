import CRM
import Replica
import Sync

/// The table declarations a node's replica opens with: CRM's data and Sync's bookkeeping (Replica adds its
/// own). Node owns no table; it reads through the replica's reader and writes through the modules' APIs.
public enum NodeTables {
    public static let declarations: [TableDeclaration] = [CRMTables.declaration, SyncTables.declaration]

    /// The replicated tables, in declaration order.
    public static var replicated: [TableSchema] { declarations.flatMap(\.tables).filter(\.isReplicated) }
}
