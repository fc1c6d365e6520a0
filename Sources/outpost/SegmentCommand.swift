import ArgumentParser
import CRM
import Node

struct SegmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment", abstract: "Saved rule segments: define, list, run, show.",
        subcommands: [Define.self, List.self, Run.self, Show.self])

    struct Define: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Save a rule segment (replicates to every node).",
            discussion: """
                Example: outpost segment define east-vip 'tier == "value" and region == "east" and has_tag("vip")'
                Fields: the features of docs/analytics.md, tier, rfm_segment, rfm_score, stars, star_score, lifecycle.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Segment name: letters, digits, '_', '-', '.'.") var name: String
        @Argument(help: "The rule.") var expression: String
        @Option(help: "What the segment is for.") var description = ""

        func run() throws {
            let book = SegmentBook(replica: try global.directory.openReplica())
            do {
                let saved = try book.define(name: name, expression: expression, description: description)
                print("defined segment \(saved.name): \(saved.expression)")
            } catch let error as SegmentError {
                throw SegmentView.nodeError(error)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List saved segments with their last run here.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let list = try SegmentBook(replica: try global.directory.openReplicaForReading()).list()
            print(json ? SegmentView.listJSON(list).serialized(pretty: true) : SegmentView.listText(list))
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate segments (all when none named) and store their members on this node.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Segment names (default: every saved segment).") var names: [String] = []
        @Option(help: "Evaluate as of the start of this UTC day, YYYY-MM-DD (default: today).") var asOf: String?
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            if let asOf, CalendarDay(asOf) == nil { throw ValidationError("--as-of '\(asOf)' is not a YYYY-MM-DD day") }
        }

        func run() throws {
            let (runs, customers, skipped) = try SegmentView.run(
                names, asOf: asOf.flatMap(CalendarDay.init) ?? .today(), in: try global.directory.openReplica())
            print(
                json
                    ? SegmentView.runsJSON(runs, customers: customers, skipped: skipped).serialized(pretty: true)
                    : SegmentView.runsText(runs, customers: customers))
            // The other segments ran and were stored; exit 1 so a script notices the one that did not.
            if !skipped.isEmpty {
                printError(SegmentView.skippedText(skipped))
                throw ExitCode.failure
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a segment's rule, last run and members.")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        @Option(help: "At most this many members.") var limit = 20
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let detail = try SegmentView.Detail.load(
                name, limit: limit, in: try global.directory.openReplicaForReading())
            print(json ? detail.json.serialized(pretty: true) : detail.text)
        }
    }
}
