import CRM
import Foundation
import GRDB
import Replica
import Sync
import SyncProtocol

/// `outpost conflicts`: every concurrent write that last-writer-wins resolved on this node, with both values,
/// both origins (node names where known) and clocks, and the winner.
/// Values of personal columns are masked unless `personal` is `.shown`.
public struct ConflictReport: Sendable {
    public var conflicts: [PeerBook.ConflictRecord]
    /// Node names of known site ids: this node and every peer that introduced itself.
    public var names: [SiteID: String]
    public var personal: PersonalData.Display = .masked

    public static func load(
        _ directory: NodeDirectory, since: TimeBound?, personal: PersonalData.Display = .masked
    ) throws -> ConflictReport {
        try directory.openForReading().read { db in
            let identity = try NodeDirectory.identity(db)
            var names: [SiteID: String] = [:]
            for record in try PeerBook.stateRecords(db).values {
                if let site = record.siteID { names[site] = record.name }
            }
            names[identity.siteID] = identity.name
            return ConflictReport(
                conflicts: try PeerBook.conflictRecords(db, since: since?.iso), names: names, personal: personal)
        }
    }

    /// The node name of a site, or its id when unknown (a site only relayed to us).
    public func origin(_ site: SiteID?) -> String {
        guard let site else { return "?" }
        return names[site] ?? site.uuidString.lowercased()
    }

    static func clock(_ hlc: UInt64) -> String {
        Timestamps.iso(millis: Int64(HybridLogicalClock.millis(of: hlc)))
    }

    static func display(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return "NULL"
        case .int64(let int): return String(int)
        case .double(let double): return String(double)
        case .string(let string): return "\"\(string)\""
        case .blob(let data): return "<\(data.count) bytes>"
        }
    }

    func value(_ side: PeerBook.ConflictRecord.Side, of conflict: PeerBook.ConflictRecord) -> DatabaseValue {
        PersonalData.display(side.value, column: conflict.column, personal)
    }

    public var json: JSONValue {
        .array(
            conflicts.map { conflict in
                func side(_ side: PeerBook.ConflictRecord.Side) -> JSONValue {
                    .object([
                        "value": JSONValue(value(side, of: conflict)), "origin": .string(origin(side.site)),
                        "site_id": side.site.map { .string($0.uuidString.lowercased()) } ?? .null,
                        "clock": .string(Self.clock(side.hlc)), "hlc": .integer(Int64(bitPattern: side.hlc)),
                    ])
                }
                return .object([
                    "id": .integer(conflict.id), "at": .string(conflict.at),
                    "peer": conflict.peer.map(JSONValue.string) ?? .null, "table": .string(conflict.table),
                    "row": .string(conflict.row), "column": .string(conflict.column),
                    "winner": side(conflict.winner), "loser": side(conflict.loser),
                ])
            })
    }

    public func text(style: TerminalStyle) -> String {
        guard !conflicts.isEmpty else { return "no conflicts recorded" }
        var table = TextTable(header: ["at", "table", "row", "column", "winner", "loser"])
        for conflict in conflicts {
            func side(_ side: PeerBook.ConflictRecord.Side) -> String {
                "\(Self.display(value(side, of: conflict))) from \(origin(side.site)) at \(Self.clock(side.hlc))"
            }
            table.add([
                conflict.at, conflict.table, conflict.row, conflict.column, side(conflict.winner), side(conflict.loser),
            ])
        }
        let count = conflicts.count
        return table.render { row, column, cell in
            row == 0 ? style.bold(cell) : column == 4 ? style.green(cell) : cell
        }
            + "\n\(Readable.count(count)) conflict\(count == 1 ? "" : "s"), each resolved by last writer wins (higher clock, then node id)"
    }
}
