import Analytics
import Foundation
import GRDB
import TestSupport
import Testing

@testable import Replica

/// `outpost_set_clocks`, the SQL function a local field update stamps its cells' clocks with, gives the same blob
/// as decoding the row's clocks, setting the entries with ``CellClocks/set(_:)`` and encoding them again.
@Suite struct CellClockFunctionTests {
    /// Random starting clocks and updates of up to four columns, on a real SQLite connection.
    @Test func matchesCellClocksSetOnRandomUpdates() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            #expect(CellClockFunction.register(on: db.sqliteConnection!) == 0)
            var generator = SeededGenerator(seed: 20_261_202)
            for _ in 0..<500 {
                var clocks = CellClocks()
                for _ in 0..<generator.below(6) {
                    clocks.set(Self.entry(column: generator.below(14), &generator))
                }
                let before = clocks.encoded
                var columns = Array(Set((0..<1 + generator.below(4)).map { _ in generator.below(14) })).sorted()
                if columns.isEmpty { columns = [0] }
                var arguments: [DatabaseValue] = [before.map { $0.databaseValue } ?? .null]
                for column in columns {
                    let entry = Self.entry(column: column, &generator)
                    clocks.set(entry)
                    arguments += [
                        Int64(column).databaseValue, Int64(bitPattern: entry.hlc).databaseValue,
                        entry.site.databaseValue, Int64(bitPattern: entry.seq).databaseValue,
                    ]
                }
                let marks = Array(repeating: "?", count: arguments.count).joined(separator: ", ")
                let result = try Data.fetchOne(
                    db, sql: "SELECT outpost_set_clocks(\(marks))", arguments: StatementArguments(arguments))
                #expect(result == clocks.encoded)
                #expect(CellClocks(result) == clocks)
            }
        }
    }

    @Test func aBlobThatIsNotWholeEntriesCountsAsEmpty() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            CellClockFunction.register(on: db.sqliteConnection!)
            let result = try Data.fetchOne(db, sql: "SELECT outpost_set_clocks(x'0102', 3, 7, 1, 9)")
            var expected = CellClocks()
            expected.set(.init(column: 3, hlc: 7, site: 1, seq: 9))
            #expect(result == expected.encoded)
            #expect(throws: DatabaseError.self) { try Data.fetchOne(db, sql: "SELECT outpost_set_clocks(NULL, 1)") }
        }
    }

    private static func entry(column: Int, _ generator: inout SeededGenerator) -> CellClocks.Entry {
        CellClocks.Entry(
            column: column, hlc: generator.next() >> 1, site: Int64(generator.below(1 << 20)),
            seq: generator.next() >> 1)
    }
}
