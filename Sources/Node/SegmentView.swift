import Analytics
import CRM
import Foundation
import GRDB
import Replica

/// Saved segments and their runs as `outpost segment …` prints them.
public enum SegmentView {
    /// The message of an invalid rule with the expression and a caret under the offending column, e.g.
    ///
    ///     expected a value after '>=', found 'and' at column 17
    ///       monetary_365 >= and region == "east"
    ///                       ^
    public static func ruleError(_ error: RuleError, in source: String) -> String {
        let before = String(source.prefix(max(error.column - 1, 0)))
        let width = TextTable.displayWidth(before.replacingOccurrences(of: "\t", with: " "))
        return error.description + "\n  " + source + "\n  " + String(repeating: " ", count: width) + "^"
    }

    /// Maps a segment error to the node's error type, drawing the caret for rule errors.
    public static func nodeError(_ error: SegmentError) -> NodeError {
        if case .invalidRule(let source, let cause) = error {
            return .invalidArgument(ruleError(cause, in: source))
        }
        return .invalidArgument(error.description)
    }

    /// Runs segments (see ``SegmentBook/evaluate(_:asOf:at:)``); also returns the number of customers evaluated
    /// and the saved segments skipped because this node refuses their rule.
    public static func run(_ names: [String], asOf: CalendarDay, in replica: Replica) throws
        -> (runs: [SegmentRun], customers: Int, skipped: [SegmentRunReport.Skipped])
    {
        do {
            let report = try SegmentBook(replica: replica).evaluate(names, asOf: asOf)
            let customers = try replica.reader.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM customers") ?? 0 }
            return (report.runs, customers, report.skipped)
        } catch let error as SegmentError {
            throw nodeError(error)
        }
    }

    /// One line per skipped segment, for standard error: what is wrong and how to replace the rule.
    public static func skippedText(_ skipped: [SegmentRunReport.Skipped]) -> String {
        skipped.map { item in
            "skipped segment \(item.name): its rule is refused here (\(item.error)); redefine it with "
                + "`outpost segment define \(item.name) RULE`"
        }.joined(separator: "\n")
    }

    /// The query behind `export segment NAME`, after checking the segment exists and has run here.
    public static func exportQuery(segment: String, in replica: Replica) throws
        -> (sql: String, arguments: StatementArguments, columns: [String])
    {
        let book = SegmentBook(replica: replica)
        guard try book.definition(named: segment) != nil else { throw nodeError(.unknownSegment(segment)) }
        guard try book.latestRun(of: segment) != nil else { throw nodeError(.neverRun(segment)) }
        return SegmentBook.exportQuery(segment: segment)
    }

    static func runJSON(_ run: SegmentRun?) -> JSONValue {
        guard let run else { return .null }
        return .object([
            "id": .integer(run.id), "as_of": .string(run.asOf), "run_at": .string(run.runAt),
            "members": .integer(Int64(run.members)), "expression": .string(run.expression),
        ])
    }

    static func definitionJSON(_ d: SegmentDefinition) -> [String: JSONValue] {
        [
            "name": .string(d.name), "expression": .string(d.expression), "description": .string(d.description),
            "created_at": .string(d.createdAt), "updated_at": .string(d.updatedAt),
        ]
    }

    public static func listJSON(_ list: [(definition: SegmentDefinition, lastRun: SegmentRun?)]) -> JSONValue {
        .array(
            list.map { item in
                var object = definitionJSON(item.definition)
                object["last_run"] = runJSON(item.lastRun)
                return .object(object)
            })
    }

    public static func listText(_ list: [(definition: SegmentDefinition, lastRun: SegmentRun?)]) -> String {
        guard !list.isEmpty else { return "no segments: define one with `outpost segment define NAME EXPR`" }
        var table = TextTable(header: ["name", "members", "last run", "as of", "rule"], rightAligned: [1])
        for item in list {
            table.add([
                item.definition.name, item.lastRun.map { Readable.count($0.members) } ?? "-",
                item.lastRun?.runAt ?? "never", item.lastRun?.asOf ?? "-", item.definition.expression,
            ])
        }
        return table.render()
    }

    public static func runsJSON(_ runs: [SegmentRun], customers: Int, skipped: [SegmentRunReport.Skipped] = [])
        -> JSONValue
    {
        .object([
            "customers": .integer(Int64(customers)), "runs": .array(runs.map { runJSON($0) }),
            "skipped": .array(
                skipped.map { .object(["name": .string($0.name), "reason": .string($0.error.description)]) }),
        ])
    }

    public static func runsText(_ runs: [SegmentRun], customers: Int) -> String {
        guard let first = runs.first else { return "no segments to run: define one with `outpost segment define`" }
        var table = TextTable(header: ["segment", "members", "share"], rightAligned: [1, 2])
        for run in runs {
            table.add([
                run.segment, Readable.count(run.members),
                Readable.percent(Double(run.members) / Double(max(customers, 1))),
            ])
        }
        return "ran \(runs.count) segment\(runs.count == 1 ? "" : "s") as of \(first.asOf) over "
            + "\(Readable.count(customers)) customers at \(first.runAt)\n\n" + table.render()
    }

    /// `segment show`: the definition, its newest run and the first members.
    public struct Detail: Sendable {
        public var definition: SegmentDefinition
        public var run: SegmentRun?
        public var members: [SegmentMember]

        public static func load(_ name: String, limit: Int, in replica: Replica) throws -> Detail {
            let book = SegmentBook(replica: replica)
            guard let definition = try book.definition(named: name) else {
                throw nodeError(.unknownSegment(name))
            }
            let run = try book.latestRun(of: name)
            return Detail(
                definition: definition, run: run, members: try run.map { try book.members(of: $0, limit: limit) } ?? [])
        }

        public var json: JSONValue {
            var object = SegmentView.definitionJSON(definition)
            object["last_run"] = SegmentView.runJSON(run)
            object["members"] = .array(
                members.map { m in
                    .object([
                        "id": .string(m.id), "name": .string(m.name), "region": .string(m.region),
                        "district": .string(m.district), "channel": .string(m.channel), "status": .string(m.status),
                    ])
                })
            return .object(object)
        }

        public var text: String {
            var head = TextTable(header: ["field", "value"])
            head.add(["name", definition.name])
            head.add(["rule", definition.expression])
            if !definition.description.isEmpty { head.add(["description", definition.description]) }
            head.add(["defined", definition.createdAt])
            guard let run else {
                head.add(["last run", "never: run `outpost segment run \(definition.name)`"])
                return head.render()
            }
            head.add(["last run", "\(run.runAt) (as of \(run.asOf))"])
            head.add(["members", Readable.count(run.members)])
            if run.expression != definition.expression { head.add(["rule then", run.expression]) }
            var table = TextTable(header: ["id", "name", "region", "district", "channel", "status"])
            for m in members { table.add([m.id, m.name, m.region, m.district, m.channel, m.status]) }
            return head.render() + "\n\n" + table.render() + "\n(\(Readable.count(members.count)) of "
                + "\(Readable.count(run.members)) shown)"
        }
    }
}
