import Foundation
import GRDB
import Replica
import SyncProtocol

extension NodeDirectory {
    /// A read-only connection pool for the admin commands: WAL readers never wait for `serve`'s writes, and
    /// opening runs no migration (which would take the write lock). Works in a read-only directory too.
    public func openForReading() throws -> any DatabaseReader {
        guard exists else { throw NodeError.notInitialized(root.path) }
        return try Replica.readOnlyPool(at: databasePath)
    }

    /// Who this node is, read from its database.
    static func identity(_ db: Database) throws -> NodeIdentity {
        guard let row = try Row.fetchOne(db, sql: "SELECT site_id, name, role, region FROM outpost_node WHERE id = 1"),
            let site = SiteID(bytes: row["site_id"] as Data),
            let role = NodeIdentity.Role(rawValue: row["role"])
        else { throw NodeError.invalidArgument("the node's identity row is missing or corrupt: run `outpost doctor`") }
        return NodeIdentity(siteID: site, name: row["name"], role: role, region: row["region"])
    }

    /// The version vector and the ordinal of every known site.
    static func sites(_ db: Database) throws -> [(ordinal: Int64, site: SiteID, head: UInt64)] {
        try Row.fetchAll(db, sql: "SELECT ordinal, site_id, head_seq FROM outpost_sites ORDER BY ordinal").compactMap {
            guard let site = SiteID(bytes: $0["site_id"] as Data) else { return nil }
            return ($0["ordinal"], site, UInt64($0["head_seq"] as Int64))
        }
    }
}
