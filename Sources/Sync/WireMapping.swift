import Foundation
import GRDB
import Replica
import SyncProtocol

/// Translation between the replica's change records and the wire contract. The wire carries keys as
/// values; every replicated key is text, so anything else is a malformed change. Site ids need no translation:
/// the replica and the wire share `SiteID`, and a version vector is the replica's `SiteHeads` as is.
enum WireMapping {
    static func change(_ change: ReplicaChange) -> Change {
        var key: [Value] = []
        key.reserveCapacity(change.key.count)
        for part in change.key { key.append(.text(part)) }
        var values: [Value] = []
        values.reserveCapacity(change.values.count)
        for value in change.values { values.append(Self.value(value)) }
        return Change(
            table: change.table, key: key, column: change.column, causalLength: change.causalLength,
            hlc: change.version.hlc, site: change.version.site, seq: change.version.seq, values: values)
    }

    static func replicaChange(_ change: Change) throws(SessionError) -> ReplicaChange {
        var key: [String] = []
        key.reserveCapacity(change.key.count)
        for part in change.key {
            guard case .text(let text) = part else { throw .malformed("a key value is not text") }
            key.append(text)
        }
        var values: [DatabaseValue] = []
        values.reserveCapacity(change.values.count)
        for value in change.values { values.append(Self.databaseValue(value)) }
        return ReplicaChange(
            table: change.table, key: key, column: change.column, causalLength: change.causalLength,
            version: RowVersion(hlc: change.hlc, site: change.site, seq: change.seq), values: values)
    }

    static func vector(_ heads: SiteHeads) -> VersionVector { VersionVector(heads) }

    static func heads(_ vector: VersionVector) -> SiteHeads {
        Dictionary(uniqueKeysWithValues: vector.sortedEntries.map { ($0.site, $0.sequence) })
    }

    static func value(_ value: DatabaseValue) -> Value {
        switch value.storage {
        case .null: return .null
        case .int64(let int): return .integer(int)
        case .double(let double): return .real(double)
        case .string(let string): return .text(string)
        case .blob(let data): return .blob([UInt8](data))
        }
    }

    static func databaseValue(_ value: Value) -> DatabaseValue {
        switch value {
        case .null: return .null
        case .integer(let int): return int.databaseValue
        case .real(let double): return double.databaseValue
        case .text(let string): return string.databaseValue
        case .blob(let bytes): return Data(bytes).databaseValue
        }
    }
}
