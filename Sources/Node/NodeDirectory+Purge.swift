import Foundation
import Replica
import Sync

extension NodeDirectory {
    /// Purges, once, the rows an office holds outside its scope (a node upgraded from a release without region
    /// scope held every region's customers), and says how many: a line on standard error and one in the
    /// journal (`outpost log`, kind `purge`).
    func purgeOutsideScope(_ replica: Replica) throws {
        guard let purge = try replica.purgeOutsideScope(), purge.total > 0 else { return }
        let text = Self.purgeMessage(purge)
        PeerBook(replica: replica).event("purge", peer: nil, text)
        FileHandle.standardError.write(Data("outpost: \(text)\n".utf8))
    }

    /// `purged 42 rows outside this node's scope east (customers 3, orders 39)`.
    static func purgeMessage(_ purge: ScopePurge) -> String {
        let parts = purge.rows.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return "purged \(purge.total) rows outside this node's scope \(purge.scope) (\(parts))"
    }
}
