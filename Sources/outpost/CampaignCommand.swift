import ArgumentParser
import CRM
import Node

struct CampaignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign",
        abstract:
            "Campaigns on a segment with a holdout: create, launch, export the call list, record contacts, report.",
        discussion: """
            A campaign is created as a draft, then launched once (by headquarters or the node that created it): the
            segment is evaluated as of the launch day and its customers with marketing consent become members, each
            in the target or the control group by a hash of the campaign and customer ids. Offices export their
            targets, record contacts offline, and every node reports conversion from the replicated orders.
            """,
        subcommands: [
            Create.self, Launch.self, Verify.self, Export.self, Contact.self, Members.self, Report.self, List.self,
            Show.self,
        ])

    static func day(_ text: String?, _ option: String) throws -> CalendarDay? {
        guard let text else { return nil }
        guard let day = CalendarDay(text) else { throw ValidationError("\(option) '\(text)' is not a YYYY-MM-DD day") }
        return day
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a draft campaign on a saved segment (prints its id).",
            discussion: """
                Example: outpost campaign create "Spring push" --segment east-vip --holdout 10 \\
                    --starts 2026-03-01 --ends 2026-03-31 --goal brand:鹤岭 --channel visit
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Campaign name.") var name: String
        @Option(help: "The saved segment whose customers the campaign targets.") var segment: String
        @Option(help: "Percentage of members held out as the control group, 1 to 50.") var holdout: Double
        @Option(help: "First day, YYYY-MM-DD.") var starts: String
        @Option(help: "Last day, YYYY-MM-DD.") var ends: String
        @Option(help: "Only customers of this region.") var region: String?
        @Option(help: "What converts: any (default), sku:X, brand:X, category:X or price_tier:X.") var goal = "any"
        @Option(help: "Days after the end during which orders still convert.") var attributionDays = 30
        @Option(help: "sms, visit, call or coupon.") var channel: String?
        @Option(help: "Choose the id (letters, digits, '-', '_', '.'; default: cmp- and 8 random hex digits).")
        var id: String?
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            _ = try CampaignCommand.day(starts, "--starts")
            _ = try CampaignCommand.day(ends, "--ends")
        }

        func run() throws {
            guard let parsedGoal = CampaignGoal(goal) else { throw CampaignError.invalidGoal(goal) }
            let campaign = try CampaignBook(replica: try global.directory.openReplica()).create(
                name: name, segment: segment, holdoutPercent: holdout, startsOn: CalendarDay(starts)!,
                endsOn: CalendarDay(ends)!, region: region, goal: parsedGoal, attributionDays: attributionDays,
                channel: channel, id: id)
            print(
                json
                    ? JSONValue.object(CampaignView.fields(campaign, on: .today())).serialized(pretty: true)
                    : campaign.id)
        }
    }

    struct Launch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Freeze the audience: evaluate the segment as of a day and write the members with their group.",
            discussion: "A past --as-of back-tests the campaign on history. A campaign launches once.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Campaign id.") var id: String
        @Option(help: "Evaluate the segment as of this UTC day, YYYY-MM-DD (default: today).") var asOf: String?
        @OptionGroup var gate: SuspensionOption
        @Flag(help: "Print JSON.") var json = false

        func validate() throws { _ = try CampaignCommand.day(asOf, "--as-of") }

        func run() throws {
            let book = CampaignBook(replica: try global.directory.openReplica())
            let launch = try book.launch(
                id, asOf: try CampaignCommand.day(asOf, "--as-of") ?? .today(), suspensionDays: gate.suspensionDays)
            print(json ? CampaignView.launchJSON(launch).serialized(pretty: true) : CampaignView.launchText(launch))
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-derive every member's bucket and group; exit 1 if any stored one disagrees.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Campaign id.") var id: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let book = CampaignBook(replica: try global.directory.openReplicaForReading())
            let (checked, wrong) = try book.verify(id)
            if json {
                print(
                    JSONValue.object([
                        "checked": .integer(Int64(checked)), "mismatches": .array(wrong.map(CampaignView.memberJSON)),
                    ]).serialized(pretty: true))
            } else {
                print(
                    "checked \(Readable.count(checked)) members: \(wrong.isEmpty ? "all agree" : "\(wrong.count) disagree")"
                )
                for member in wrong {
                    print(
                        "  \(member.customerID): stored \(member.isControl ? "control" : "target") bucket "
                            + "\(member.bucket.map(String.init) ?? "-")")
                }
            }
            if !wrong.isEmpty { throw ExitCode.failure }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List campaigns with status, dates and counts.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let list = try CampaignBook(replica: try global.directory.openReplicaForReading()).list()
            print(
                json
                    ? CampaignView.listJSON(list, on: .today()).serialized(pretty: true)
                    : CampaignView.listText(list, on: .today()))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a campaign's settings, launch and counts.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Campaign id.") var id: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let book = CampaignBook(replica: try global.directory.openReplicaForReading())
            _ = try book.existing(id)
            guard let item = try book.list().first(where: { $0.campaign.id == id }) else {
                throw CampaignError.unknownCampaign(id)
            }
            print(
                json
                    ? CampaignView.itemJSON(item, on: .today()).serialized(pretty: true)
                    : CampaignView.showText(item, on: .today()))
        }
    }
}
