import Analytics
import Foundation
import GRDB
import Replica

/// Tier and star standings of past `analytics stars` runs, kept on this node (local tables, never replicated) so
/// re-tiering can compare a run with the one before it. Only the newest ``keptRuns`` runs keep their standings.
public struct TierHistory {
    public let replica: Replica
    public var keptRuns = 4

    public init(replica: Replica) { self.replica = replica }

    /// One recorded run.
    public struct Run: Sendable, Equatable {
        public var id: Int64
        public var asOf: String
        public var runAt: String
        public var customers: Int
    }

    /// The newest recorded run and its standings, or nil when stars were never run here.
    public func latest() throws -> (run: Run, standings: [String: TierStanding])? {
        try replica.reader.read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT id, as_of, run_at, customers FROM outpost_tier_runs ORDER BY id DESC LIMIT 1")
            else { return nil }
            let run = Run(id: row[0], asOf: row[1], runAt: row[2], customers: row[3])
            var standings: [String: TierStanding] = [:]
            let cursor = try Row.fetchCursor(
                db, sql: "SELECT customer_id, tier, stars FROM outpost_tier_standings WHERE run_id = ?",
                arguments: [run.id])
            while let row = try cursor.next() {
                guard let tier = StarTier(rawValue: row[1]) else { continue }
                standings[row[0]] = TierStanding(tier: tier, stars: row[2])
            }
            return (run, standings)
        }
    }

    /// Stores a run's standings and drops the standings of runs older than the newest ``keptRuns``.
    @discardableResult
    public func record(_ standings: [String: TierStanding], asOf: CalendarDay, at now: Date = Date()) throws -> Run {
        try replica.writeLocal(as: CRMTables.owner) { db in
            let runAt = Timestamps.iso(now)
            try db.execute(
                sql: "INSERT INTO outpost_tier_runs (as_of, run_at, customers) VALUES (?, ?, ?)",
                arguments: [asOf.description, runAt, standings.count])
            let id = db.lastInsertedRowID
            let insert = try db.makeStatement(
                sql: "INSERT INTO outpost_tier_standings (run_id, customer_id, tier, stars) VALUES (?, ?, ?, ?)")
            for (customer, standing) in standings {
                try insert.execute(arguments: [id, customer, standing.tier.rawValue, standing.stars])
            }
            try db.execute(
                sql: """
                    DELETE FROM outpost_tier_standings WHERE run_id IN
                        (SELECT id FROM outpost_tier_runs ORDER BY id DESC LIMIT -1 OFFSET ?)
                    """,
                arguments: [keptRuns])
            return Run(id: id, asOf: asOf.description, runAt: runAt, customers: standings.count)
        }
    }
}
