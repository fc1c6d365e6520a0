import CRM
import Foundation
import GRDB
import Replica
import TestSupport
import Testing

@testable import Sync

/// A deleted customer keeps its region for scope (`outpost_deleted_scope`): its deletion and the orders that
/// follow it go to the offices of its region only, an office's concurrent order for it is merged at
/// headquarters rather than refused, and checksums stay equal. Found by ``ScopedRandomConvergenceTests``.
@Suite(.timeLimit(.minutes(5))) struct DeletedCustomerScopeTests {
    let scratch: ScratchDirectory
    let hq: Replica
    let east1: Replica
    let east2: Replica
    let west: Replica

    init() throws {
        scratch = try ScratchDirectory("outpost-deleted")
        hq = try TestReplicas.create("hq", in: scratch, role: .hq, region: "all")
        east1 = try TestReplicas.create("east-1", in: scratch, region: "east")
        east2 = try TestReplicas.create("east-2", in: scratch, region: "east")
        west = try TestReplicas.create("west-1", in: scratch, region: "west")
    }

    func sync(_ office: Replica) throws {
        let link = MemoryLink(
            office: office, named: office.identity.name, headquarters: hq,
            granting: RegionScope(parsing: office.identity.region), batchSize: 50)
        defer { link.drop() }
        try link.run()
        #expect(link.isCaughtUp)
    }

    func count(_ replica: Replica, _ sql: String) throws -> Int {
        try replica.reader.read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }

    func refused(at replica: Replica) throws -> Int {
        try count(replica, "SELECT coalesce(sum(changes_refused), 0) FROM outpost_peer_state")
    }

    @Test func aDeletedCustomersOrdersAndDeletionStayInItsRegion() throws {
        try hq.write { writer in
            try writer.insert(.customers, key: ["E1"], values: customerValues("east shop"))
            try writer.append(.orders, id: "O1", values: orderValues("E1"))
        }
        try sync(east1)
        // Headquarters deletes E1 while east-1, offline, orders for it and edits it.
        try hq.write { try $0.delete(.customers, key: ["E1"]) }
        try east1.write { writer in
            try writer.append(.orders, id: "O2", values: orderValues("E1"))
            try writer.update(.customers, key: ["E1"], values: ["phone": "13900000000".databaseValue])
        }
        try sync(east1)
        try sync(east2)
        try sync(west)
        #expect(try refused(at: hq) == 0, "an office's edit of a customer deleted meanwhile is not out of scope")
        #expect(try count(hq, "SELECT count(*) FROM orders") == 2)
        for office in [east1, east2] {
            #expect(try count(office, "SELECT count(*) FROM customers") == 0)
            #expect(try count(office, "SELECT count(*) FROM orders WHERE customer_id = 'E1'") == 2)
            #expect(try office.checksums() == hq.checksums(scope: .regions(["east"])))
        }
        // West learns nothing of E1, not even its key.
        #expect(try count(west, "SELECT count(*) FROM outpost_cells WHERE pk = 'E1'") == 0)
        #expect(try west.checksums() == hq.checksums(scope: .regions(["west"])))
        #expect(try west.versionVector() == hq.versionVector())
    }

    @Test func aCustomerCreatedAndDeletedBetweenSyncsStaysWithItsOfficesScope() throws {
        // Headquarters only ever sees the deletion, with no region; it keeps it as the sender's scope.
        try east1.write { try $0.insert(.customers, key: ["E9"], values: customerValues("brief")) }
        try east1.write { try $0.delete(.customers, key: ["E9"]) }
        try sync(east1)
        try sync(east2)
        try sync(west)
        #expect(try count(hq, "SELECT count(*) FROM outpost_cells WHERE pk = 'E9'") == 1)
        #expect(try count(east2, "SELECT count(*) FROM outpost_cells WHERE pk = 'E9'") == 1)
        #expect(try count(west, "SELECT count(*) FROM outpost_cells WHERE pk = 'E9'") == 0)
        #expect(try west.versionVector() == hq.versionVector())
    }
}
