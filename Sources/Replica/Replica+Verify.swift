import Foundation
import GRDB

extension Replica {
    /// Checks the replica's own invariants, read from one snapshot: the declared tables and columns exist;
    /// every live row of a mutable table has its clock data and every live marker its row; every stored key
    /// decodes to its table's key columns; every clock, log entry and appended row names a known site; every
    /// marker is reachable from the change log and every appended row from an append run (else it would
    /// never be sent); and every site's head covers the changes held from it. Read-only; empty when healthy.
    public func verify() throws -> [ReplicaFinding] {
        try reader.read { db in try ReplicaVerifier(db: db, tables: tables, identity: identity).run() }
    }
}
