import Analytics
import Foundation
import GRDB
import Replica
import Testing

@testable import CRM

/// A shop of 80 customers in two regions, all active; every tenth without marketing consent; orders before and
/// after a 2026-03-01 launch. Customers whose number is a multiple of 3 buy brand B after launch.
final class CampaignShop {
    let fixture = try! ImportFixture()
    var replica: Replica { fixture.replica }
    static let launch = CalendarDay("2026-03-01")!

    init() throws {
        var customers = "id,name,region,channel,status,marketing_consent\n"
        var orders = "id,customer_id,ordered_at,sku,quantity,amount,channel\n"
        for number in 1...80 {
            let id = String(format: "C%02d", number)
            customers += "\(id),Shop \(number),\(number % 2 == 0 ? "east" : "west"),chain,active,"
            customers += number % 10 == 0 ? "false\n" : "true\n"
            orders += "P\(number),\(id),2026-01-15T10:00:00Z,V1,1,\(100 * number),chain\n"
            if number % 3 == 0 { orders += "Q\(number),\(id),2026-03-10T10:00:00Z,G1,1,500,chain\n" }
        }
        let products =
            "sku,name,brand,price_tier,category,unit_price\nG1,Gold,B,premium,cigarette,500\n"
            + "V1,Plain,V,value,cigarette,100\n"
        _ = try fixture.run(.products, try fixture.file("p.csv", products))
        _ = try fixture.run(.customers, try fixture.file("c.csv", customers))
        _ = try fixture.run(.orders, try fixture.file("o.csv", orders))
        try SegmentBook(replica: replica).define(name: "active", expression: #"status == "active""#)
    }

    func append(orders csv: String) throws {
        _ = try fixture.run(.orders, try fixture.file("more-\(UUID()).csv", csv))
    }
}

@Suite struct CampaignBookTests {
    static let starts = CalendarDay("2026-03-01")!
    static let ends = CalendarDay("2026-03-31")!

    @Test func bucketsEqualSHA256ComputedByPythonHashlib() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("fixtures/campaign-buckets.csv")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(lines.count == 15)
        for line in lines {
            let parts = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(CampaignBucket.bucket(campaign: parts[0], customer: parts[1]) == Int(parts[2]), "\(line)")
        }
        #expect(CampaignBucket.isControl(bucket: 999, holdoutPercent: 10))
        #expect(!CampaignBucket.isControl(bucket: 1_000, holdoutPercent: 10))
    }

    @Test func createRefusesBadInput() throws {
        let shop = try CampaignShop()
        let book = CampaignBook(replica: shop.replica)
        #expect(throws: CampaignError.unknownSegment("nope")) {
            try book.create(name: "x", segment: "nope", holdoutPercent: 10, startsOn: Self.starts, endsOn: Self.ends)
        }
        #expect(throws: CampaignError.datesOutOfOrder(starts: "2026-03-31", ends: "2026-03-01")) {
            try book.create(name: "x", segment: "active", holdoutPercent: 10, startsOn: Self.ends, endsOn: Self.starts)
        }
        for holdout in [0.0, 0.5, 50.5, 90, .nan] {
            #expect(throws: CampaignError.self) {
                try book.create(
                    name: "x", segment: "active", holdoutPercent: holdout, startsOn: Self.starts, endsOn: Self.ends)
            }
        }
        #expect(throws: CampaignError.invalidChannel("fax")) {
            try book.create(
                name: "x", segment: "active", holdoutPercent: 10, startsOn: Self.starts, endsOn: Self.ends,
                channel: "fax")
        }
        #expect(CampaignGoal("colour:red") == nil && CampaignGoal("brand:") == nil)
        #expect(CampaignGoal("price_tier:premium") == .priceTier("premium"))
        #expect(try book.list().isEmpty)
        // Boundaries are accepted.
        try book.create(name: "one", segment: "active", holdoutPercent: 1, startsOn: Self.starts, endsOn: Self.starts)
        try book.create(name: "fifty", segment: "active", holdoutPercent: 50, startsOn: Self.starts, endsOn: Self.ends)
        #expect(try book.list().count == 2)
        try book.create(
            name: "named", segment: "active", holdoutPercent: 5, startsOn: Self.starts, endsOn: Self.ends, id: "q3")
        #expect(throws: CampaignError.duplicateID("q3")) {
            try book.create(
                name: "again", segment: "active", holdoutPercent: 5, startsOn: Self.starts, endsOn: Self.ends, id: "q3")
        }
        #expect(throws: CampaignError.invalidID("-x y")) {
            try book.create(
                name: "bad", segment: "active", holdoutPercent: 5, startsOn: Self.starts, endsOn: Self.ends, id: "-x y")
        }
    }

    @Test func launchFreezesTheAudienceWithDerivedGroupsOnce() throws {
        let shop = try CampaignShop()
        let book = CampaignBook(replica: shop.replica)
        let draft = try book.create(
            name: "Spring", segment: "active", holdoutPercent: 30, startsOn: Self.starts, endsOn: Self.ends,
            id: "spring")
        #expect(draft.state(on: CampaignShop.launch) == .draft)
        #expect(throws: CampaignError.notLaunched("spring")) { try book.callList("spring") }
        let launch = try book.launch("spring", asOf: CampaignShop.launch)
        #expect(launch.matched == 80 && launch.withoutConsent == 8)
        #expect(launch.targets + launch.controls == 72)
        let members = try book.members("spring")
        #expect(members.count == 72)
        for member in members {
            let bucket = CampaignBucket.bucket(campaign: "spring", customer: member.customerID)
            #expect(member.bucket == bucket)
            #expect(member.isControl == (bucket < 3_000))
        }
        #expect(members.filter(\.isControl).count == launch.controls)
        #expect(try book.verify("spring").mismatches.isEmpty)
        #expect(throws: CampaignError.alreadyLaunched(id: "spring", on: "2026-03-01")) {
            try book.launch("spring", asOf: CampaignShop.launch)
        }
        // A member whose group was changed by hand is caught by verify.
        let victim = try #require(members.first { $0.isControl })
        try shop.replica.write {
            try $0.update(
                .campaignMembers, key: ["spring", victim.customerID], values: ["member_group": "target".databaseValue])
        }
        #expect(try book.verify("spring").mismatches.map(\.customerID) == [victim.customerID])
        // This office (region east) exports only its own targets.
        let calls = try book.callList("spring")
        #expect(calls.allSatisfy { !$0.isControl && $0.region == "east" })
        #expect(calls.count == members.filter { $0.region == "east" && !$0.isControl }.count + 0)
    }

    @Test func aRegionalCampaignTakesOnlyThatRegionsCustomers() throws {
        let shop = try CampaignShop()
        let book = CampaignBook(replica: shop.replica)
        try book.create(
            name: "West only", segment: "active", holdoutPercent: 25, startsOn: Self.starts, endsOn: Self.ends,
            region: "west", id: "w")
        let launch = try book.launch("w", asOf: CampaignShop.launch)
        // 40 west customers (odd numbers), of whom C10… are even: no west customer lacks consent.
        #expect(launch.matched == 40 && launch.withoutConsent == 0)
        let members = try book.members("w")
        #expect(members.count == 40 && members.allSatisfy { $0.region == "west" })
        let listed = try #require(try book.list().first { $0.campaign.id == "w" })
        #expect(listed.targets == launch.targets && listed.controls == launch.controls && listed.contacted == 0)
        #expect(listed.campaign.state(on: CalendarDay("2026-03-31")!) == .active)
        #expect(listed.campaign.state(on: CalendarDay("2026-04-01")!) == .ended)
        #expect(listed.campaign.launchedBy == "t" && listed.campaign.launchedOn == CampaignShop.launch)
    }

    @Test func receivedCampaignValuesObeyTheSameRules() {
        // What a peer sends is checked by the rules the commands write by (ValueRules), so a bad group or outcome
        // typed into another node's database cannot spread.
        let members = TableSchema.campaignMembers
        #expect(ValueRules.problem(with: "control".databaseValue, column: "member_group", in: members) == nil)
        #expect(ValueRules.problem(with: "vip".databaseValue, column: "member_group", in: members) != nil)
        #expect(ValueRules.problem(with: "maybe".databaseValue, column: "outcome", in: members) != nil)
        #expect(ValueRules.problem(with: "12".databaseValue, column: "bucket", in: members) != nil)
        let long = String(repeating: "x", count: 1_025).databaseValue
        #expect(ValueRules.problem(with: long, column: "note", in: members) != nil)
        let campaigns = TableSchema.campaigns
        #expect(ValueRules.problem(with: "2026-02-30".databaseValue, column: "launched_on", in: campaigns) != nil)
        #expect(ValueRules.problem(with: "fax".databaseValue, column: "channel", in: campaigns) != nil)
        #expect(ValueRules.problem(with: "launched".databaseValue, column: "status", in: campaigns) == nil)
    }

    @Test func onlyHeadquartersOrTheCreatorLaunches() throws {
        let shop = try CampaignShop()
        let book = CampaignBook(replica: shop.replica)
        try book.create(
            name: "Other", segment: "active", holdoutPercent: 10, startsOn: Self.starts, endsOn: Self.ends, id: "o")
        try shop.replica.write {
            try $0.update(.campaigns, key: ["o"], values: ["created_by": "west-office".databaseValue])
        }
        #expect(throws: CampaignError.notAllowedToLaunch(node: "t", creator: "west-office")) {
            try book.launch("o", asOf: CampaignShop.launch)
        }
        #expect(throws: CampaignError.unknownCampaign("missing")) { try book.launch("missing", asOf: .today()) }
    }

    @Test func contactsAreRefusedForControlsAndStrangersAndImportKeepsGoodRows() throws {
        let shop = try CampaignShop()
        let book = CampaignBook(replica: shop.replica)
        try book.create(
            name: "Calls", segment: "active", holdoutPercent: 40, startsOn: Self.starts, endsOn: Self.ends, id: "calls")
        _ = try book.launch("calls", asOf: CampaignShop.launch)
        let members = try book.members("calls")
        let target = try #require(members.first { !$0.isControl })
        let control = try #require(members.first { $0.isControl })
        try book.contact("calls", customer: target.customerID, outcome: "reached", note: "wants the new pack")
        #expect(throws: CampaignError.controlMember(campaign: "calls", customer: control.customerID)) {
            try book.contact("calls", customer: control.customerID, outcome: "reached")
        }
        #expect(throws: CampaignError.notMember(campaign: "calls", customer: "C10")) {
            try book.contact("calls", customer: "C10", outcome: "reached")  // no consent: never a member
        }
        #expect(throws: CampaignError.invalidOutcome("maybe")) {
            try book.contact("calls", customer: target.customerID, outcome: "maybe")
        }
        let stored = try #require(try book.members("calls").first { $0.customerID == target.customerID })
        #expect(stored.outcome == "reached" && stored.note == "wants the new pack" && stored.contactedAt != nil)

        let others = members.filter { !$0.isControl && $0.customerID != target.customerID }
        let csv = """
            customer_id,outcome,note
            \(others[0].customerID),no_answer,
            \(control.customerID),reached,oops
            C10,reached,
            \(others[1].customerID),sold_out,
            \(others[2].customerID),coupon_redeemed,"used, twice"
            \(others[3].customerID),,
            \(others[4].customerID),refused

            """
        let summary = try book.importContacts("calls", file: try shop.fixture.file("contacts.csv", csv))
        #expect(summary.recorded == 2 && summary.skipped == 1)
        #expect(summary.rejected.map(\.line) == [3, 4, 5, 8])
        #expect(summary.rejected[0].reason.contains("control group"))
        #expect(summary.rejected[1].reason.contains("not a member"))
        #expect(summary.rejected[2].reason.contains("sold_out"))
        #expect(summary.rejected[3].reason.contains("fields"))
        let after = Dictionary(uniqueKeysWithValues: try book.members("calls").map { ($0.customerID, $0) })
        #expect(after[others[0].customerID]?.outcome == "no_answer")
        #expect(after[others[2].customerID]?.note == "used, twice")
        #expect(after[control.customerID]?.contactedAt == nil)
        #expect(throws: ImportError.self) {
            try book.importContacts("calls", file: try shop.fixture.file("bad.csv", "id,result\nC01,reached\n"))
        }
    }

    @Test func conversionComesFromQualifyingOrdersInTheWindow() throws {
        let shop = try CampaignShop()
        try shop.append(
            orders: """
                id,customer_id,ordered_at,sku,quantity,amount,channel
                R1,C01,2026-04-30T23:00:00Z,G1,1,700,chain
                R2,C02,2026-05-01T00:00:00Z,G1,1,700,chain
                R4,C04,2026-03-05T00:00:00Z,G1,-1,-500,chain
                R5,C05,2026-02-28T12:00:00Z,G1,1,900,chain
                R7,C07,2026-03-05T00:00:00Z,V1,1,100,chain

                """)
        let book = CampaignBook(replica: shop.replica)
        try book.create(
            name: "Gold", segment: "active", holdoutPercent: 10, startsOn: Self.starts, endsOn: Self.ends,
            goal: .brand("B"), attributionDays: 30, id: "gold")
        _ = try book.launch("gold", asOf: CampaignShop.launch)
        let outcomes = Dictionary(
            uniqueKeysWithValues: try book.outcomes("gold", asOf: CalendarDay("2026-06-30")!).map {
                ($0.customer, $0.outcome)
            })
        #expect(outcomes["C03"]?.converted == true && outcomes["C03"]?.revenue == 500)  // brand B on 03-10
        #expect(outcomes["C01"]?.converted == true && outcomes["C01"]?.revenue == 700)  // last day of attribution
        #expect(outcomes["C02"]?.converted == false)  // a day after ends + 30
        #expect(outcomes["C04"]?.converted == false)  // a return is not a conversion
        #expect(outcomes["C05"]?.converted == false)  // before launch: pre-launch spend instead
        #expect(outcomes["C05"]?.preSpend == 1_400.0)  // 500 on 01-15 and 900 on 02-28
        #expect(outcomes["C07"]?.converted == false)  // brand V does not meet the goal
        #expect(outcomes["C10"] == nil)  // no consent, not a member
        // As of 03-09 nothing had converted yet.
        let early = try book.outcomes("gold", asOf: CalendarDay("2026-03-09")!)
        #expect(early.allSatisfy { !$0.outcome.converted })
        #expect(early.count == 72)
    }
}
