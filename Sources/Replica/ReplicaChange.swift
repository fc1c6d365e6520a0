import Foundation
import GRDB
import SyncProtocol

/// One captured change, as the replica stores and ships it.
///
/// - `column >= 0`: a cell of a mutable table; `values` holds its one value.
/// - `column == ReplicaChange.rowEvent`: a row's create (odd `causalLength`, `values` is the image of every
///   non-key column) or delete (even `causalLength`, no values).
/// - `column == ReplicaChange.appendRow`: a whole append-only row; `values` are its non-key columns.
public struct ReplicaChange: Sendable, Hashable {
    public static let rowEvent: Int32 = -1
    public static let appendRow: Int32 = -2

    public var table: UInt8
    public var key: [String]
    public var column: Int32
    public var causalLength: UInt64
    public var version: RowVersion
    public var values: [DatabaseValue]

    public init(
        table: UInt8, key: [String], column: Int32, causalLength: UInt64, version: RowVersion,
        values: [DatabaseValue]
    ) {
        self.table = table
        self.key = key
        self.column = column
        self.causalLength = causalLength
        self.version = version
        self.values = values
    }
}

/// Per origin site, the highest change sequence a replica holds (or holds something that supersedes).
public typealias SiteHeads = [SiteID: UInt64]
