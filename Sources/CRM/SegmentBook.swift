import Analytics
import Foundation
import GRDB
import Replica

/// Saved rule segments and their runs. Definitions live in the replicated `segments` table, so every node knows
/// them; runs and memberships are derived data in local tables, recomputed on each node from its own replica.
///
/// ```swift
/// let book = SegmentBook(replica: replica)
/// try book.define(name: "east-vip", expression: #"tier == "value" and region == "east""#)
/// let runs = try book.run(["east-vip"], asOf: .today())
/// ```
public struct SegmentBook {
    public let replica: Replica
    /// Runs per segment whose memberships are kept (the newest); older runs keep only their summary row.
    public var keptMemberships = 2

    public init(replica: Replica) { self.replica = replica }

    /// Longest segment description, in UTF-8 bytes (definitions replicate, so they stay small).
    public static let maxDescriptionLength = CRMVocabulary.maxDescriptionBytes

    /// Parses and checks a rule as segments use it (features, `tier`, `has_tag()` and ``AnalyticsRun/ruleFields``).
    public static func rule(_ expression: String) throws(SegmentError) -> RuleExpression {
        do {
            return try RuleExpression(expression, extraFields: AnalyticsRun.ruleFields)
        } catch {
            throw .invalidRule(source: expression, error: error)
        }
    }

    static func checkedName(_ name: String) throws(SegmentError) -> String {
        let allowed = name.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
                || "_-.".unicodeScalars.contains($0)
        }
        guard allowed, (1...64).contains(name.count), let first = name.unicodeScalars.first,
            !"_-.".unicodeScalars.contains(first)
        else { throw .invalidName(name) }
        return name
    }

    /// Saves a segment (replacing the rule and description of one with the same name); the rule is checked first,
    /// so an invalid rule never reaches other nodes.
    @discardableResult
    public func define(name: String, expression: String, description: String = "") throws -> SegmentDefinition {
        let name = try Self.checkedName(name)
        _ = try Self.rule(expression)
        guard description.utf8.count <= Self.maxDescriptionLength else {
            throw SegmentError.descriptionTooLong(bytes: description.utf8.count, limit: Self.maxDescriptionLength)
        }
        try replica.write { writer in
            let exists =
                try writer.read {
                    try Bool.fetchOne($0, sql: "SELECT 1 FROM segments WHERE name = ?", arguments: [name])
                }
                ?? false
            var values: [String: DatabaseValue] = [
                "expression": expression.databaseValue, "description": description.databaseValue,
            ]
            if !exists { values["created_at"] = writer.nowISO().databaseValue }
            _ = try writer.upsert(.segments, key: [name], values: values)
        }
        guard let saved = try definition(named: name) else { throw SegmentError.unknownSegment(name) }
        return saved
    }

    /// The saved segment called `name`, or nil.
    public func definition(named name: String) throws -> SegmentDefinition? {
        try replica.reader.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM segments WHERE name = ?", arguments: [name]).map(Self.definition)
        }
    }

    /// Every saved segment in name order, with its newest run on this node.
    public func list() throws -> [(definition: SegmentDefinition, lastRun: SegmentRun?)] {
        try replica.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM segments ORDER BY name").map { row in
                let definition = Self.definition(row)
                return (definition, try Self.latestRun(db, of: definition.name))
            }
        }
    }

    /// The newest run of a segment on this node.
    public func latestRun(of name: String) throws -> SegmentRun? {
        try replica.reader.read { db in try Self.latestRun(db, of: name) }
    }

    /// Members of a run in id order, at most `limit` (all when nil).
    public func members(of run: SegmentRun, limit: Int? = nil) throws -> [SegmentMember] {
        try replica.reader.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT m.customer_id, c.name, c.region, c.district, c.channel, c.status
                    FROM outpost_segment_members m LEFT JOIN customers c ON c.id = m.customer_id
                    WHERE m.run_id = ? ORDER BY m.customer_id LIMIT ?
                    """,
                arguments: [run.id, limit ?? -1]
            ).map { row in
                SegmentMember(
                    id: row[0], name: row[1] ?? "", region: row[2] ?? "", district: row[3] ?? "",
                    channel: row[4] ?? "", status: row[5] ?? "")
            }
        }
    }

    /// SQL and column names of the newest run's members, for `export segment NAME`.
    public static func exportQuery(segment: String) -> (sql: String, arguments: StatementArguments, columns: [String]) {
        (
            """
            SELECT m.customer_id, c.name, c.region, r.run_at
            FROM outpost_segment_members m
            JOIN outpost_segment_runs r ON r.id = m.run_id
            LEFT JOIN customers c ON c.id = m.customer_id
            WHERE m.run_id = (SELECT MAX(id) FROM outpost_segment_runs WHERE segment = ?)
            ORDER BY m.customer_id
            """, [segment], ["id", "name", "region", "run_at"]
        )
    }

    /// Evaluates the named segments (every saved one when `names` is empty) on features as of `asOf` and stores
    /// their members. Features are extracted once for all of them. A saved rule this node refuses (see
    /// ``evaluate(_:asOf:at:)``) is left out.
    public func run(_ names: [String], asOf: CalendarDay, at now: Date = Date()) throws -> [SegmentRun] {
        try evaluate(names, asOf: asOf, at: now).runs
    }

    /// Like ``run(_:asOf:at:)``, and says which segments were skipped: definitions arrive from other nodes, so a
    /// rule that is too long, nests too deeply or does not check here is reported, never evaluated, and the
    /// other segments still run.
    public func evaluate(_ names: [String], asOf: CalendarDay, at now: Date = Date()) throws -> SegmentRunReport {
        let saved = try list().map(\.definition)
        let chosen =
            try names.isEmpty
            ? saved
            : names.map { name in
                guard let found = saved.first(where: { $0.name == name }) else {
                    throw SegmentError.unknownSegment(name)
                }
                return found
            }
        var runnable: [(SegmentDefinition, RuleExpression)] = []
        var skipped: [SegmentRunReport.Skipped] = []
        for definition in chosen {
            do {
                runnable.append((definition, try Self.rule(definition.expression)))
            } catch {
                skipped.append(.init(name: definition.name, error: error))
            }
        }
        guard !runnable.isEmpty else { return SegmentRunReport(runs: [], skipped: skipped) }
        let analytics = try AnalyticsRun.extract(from: replica, asOf: asOf)
        let runs = try run(runnable.map(\.0), rules: runnable.map(\.1), on: analytics, at: now)
        return SegmentRunReport(runs: runs, skipped: skipped)
    }

    /// Evaluates parsed segments on an existing analytics run and stores their members.
    func run(_ definitions: [SegmentDefinition], rules: [RuleExpression], on analytics: AnalyticsRun, at now: Date)
        throws -> [SegmentRun]
    {
        let context = analytics.ruleContext(for: rules)
        var runs: [SegmentRun] = []
        for (definition, rule) in zip(definitions, rules) {
            let ids: [String]
            do {
                ids = try rule.matchingIDs(analytics.features, context: context)
            } catch {
                throw SegmentError.invalidRule(source: definition.expression, error: error)
            }
            runs.append(try store(definition, members: ids, asOf: analytics.asOf, at: now))
        }
        return runs
    }

    private func store(_ definition: SegmentDefinition, members: [String], asOf: CalendarDay, at now: Date) throws
        -> SegmentRun
    {
        try replica.writeLocal(as: CRMTables.owner) { db in
            let runAt = Timestamps.iso(now)
            try db.execute(
                sql: """
                    INSERT INTO outpost_segment_runs (segment, expression, as_of, run_at, members)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [definition.name, definition.expression, asOf.description, runAt, members.count])
            let id = db.lastInsertedRowID
            let insert = try db.makeStatement(
                sql: "INSERT INTO outpost_segment_members (run_id, customer_id) VALUES (?, ?)")
            for member in members { try insert.execute(arguments: [id, member]) }
            try db.execute(
                sql: """
                    DELETE FROM outpost_segment_members WHERE run_id IN
                        (SELECT id FROM outpost_segment_runs WHERE segment = ? ORDER BY id DESC LIMIT -1 OFFSET ?)
                    """,
                arguments: [definition.name, keptMemberships])
            return SegmentRun(
                id: id, segment: definition.name, expression: definition.expression, asOf: asOf.description,
                runAt: runAt, members: members.count)
        }
    }

    private static func definition(_ row: Row) -> SegmentDefinition {
        SegmentDefinition(
            name: row["name"], expression: row["expression"] ?? "", description: row["description"] ?? "",
            createdAt: row["created_at"] ?? "", updatedAt: row["updated_at"] ?? "")
    }

    private static func latestRun(_ db: Database, of name: String) throws -> SegmentRun? {
        try Row.fetchOne(
            db,
            sql: """
                SELECT id, segment, expression, as_of, run_at, members FROM outpost_segment_runs
                WHERE segment = ? ORDER BY id DESC LIMIT 1
                """,
            arguments: [name]
        ).map { row in
            SegmentRun(id: row[0], segment: row[1], expression: row[2], asOf: row[3], runAt: row[4], members: row[5])
        }
    }
}
