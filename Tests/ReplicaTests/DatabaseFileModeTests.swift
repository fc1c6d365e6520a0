import CRM
import Foundation
import GRDB
import Replica
import Testing

/// SQLite creates its files 0644 under the usual umask; a replica's are 0600, the `-wal` and `-shm` files too.
@Suite struct DatabaseFileModeTests {
    @Test func theDatabaseAndItsWalAndShmFilesAreOwnerOnly() throws {
        let fixture = try ReplicaFixture()
        let previous = umask(0o022)
        defer { umask(previous) }
        let replica = try fixture.replica("east")
        try replica.write { try $0.insert(.customers, key: ["C1"], values: customer("Zhang")) }
        for suffix in ["", "-wal", "-shm"] {
            let path = fixture.path("east") + suffix
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(path)")
        }
    }
}
