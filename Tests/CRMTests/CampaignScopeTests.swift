import Foundation
import GRDB
import Replica
import TestSupport
import Testing

@testable import CRM

/// The call list of an office follows its scope: every region it holds, not only the first.
@Suite struct CampaignScopeTests {
    @Test func anOfficeOfSeveralRegionsExportsTheTargetsOfEach() throws {
        let shop = try CampaignShop()
        let book = CampaignBook(replica: shop.replica)
        try book.create(
            name: "Spring", segment: "active", holdoutPercent: 10, startsOn: CampaignBookTests.starts,
            endsOn: CampaignBookTests.ends, id: "s2")
        _ = try book.launch("s2", asOf: CampaignShop.launch)
        let targets = try book.members("s2").filter { !$0.isControl }
        // An office of region east lists its east targets only.
        #expect(try book.callList("s2").count == targets.filter { $0.region == "east" }.count)

        // The same node granted east and west lists both, in the list and in the CSV export's query.
        let path = shop.fixture.directory.appendingPathComponent("replica.sqlite").path
        try DatabaseQueue(path: path).write { try $0.execute(sql: "UPDATE outpost_node SET region = 'east,west'") }
        let both = CampaignBook(replica: try TestReplicas.open(path))
        let calls = try both.callList("s2")
        #expect(calls.count == targets.count)
        #expect(Set(calls.map(\.region)) == ["east", "west"])
        let query = try both.callListQuery("s2")
        let exported = try both.replica.reader.read { try Row.fetchAll($0, sql: query.sql, arguments: query.arguments) }
        #expect(exported.count == targets.count)
    }
}
