import Foundation
import GRDB
import Replica
import Testing

@testable import CRM

/// How the import reads its file: line numbers across line-break styles and multi-line records, text around stray
/// quotes, rows in order across the reading thread's chunks, and the hand-off between the two threads.
@Suite struct ImportReadingTests {
    @Test func rejectedLinesCountCRLFLoneCRAndRecordsSpanningLines() throws {
        let fixture = try ImportFixture()
        // Line 2 ends in CRLF, line 3 in a lone CR; the record of line 4 spans lines 4-6 (a CRLF and a lone CR
        // inside its quotes); line 7 is blank; line 8 is rejected.
        let text = "id,name,region\r\nC1,Zhang,east\r\nC2,Li,nowhere\rC3,\"Wang\r\nSecond\rThird\",east\n\nC4,,east\n"
        let path = try fixture.file("c.csv", text)
        var importer = CSVImporter(kind: .customers)
        importer.enforcesScope = false
        let summary = try importer.run(file: path, into: fixture.replica)
        #expect(summary.imported == 3)
        #expect(summary.rejections.map(\.line) == [8])
        let name = try fixture.replica.reader.read {
            try String.fetchOne($0, sql: "SELECT name FROM customers WHERE id = 'C3'")
        }
        #expect(name == "Wang\r\nSecond\rThird")
    }

    @Test func textAfterAClosingQuoteIsKept() throws {
        let fixture = try ImportFixture()
        // CSV.swift's reader dropped the character after the stray quote ("Li" + "ao" became "Lio").
        let path = try fixture.file("c.csv", "id,name,region\nC1,\"Li\"ao,east\nC2,Ma\"o\",east\n")
        _ = try fixture.run(.customers, path)
        let names = try fixture.replica.reader.read {
            try String.fetchAll($0, sql: "SELECT name FROM customers ORDER BY id")
        }
        #expect(names == ["Liao", "Ma\"o\""])
    }

    @Test func rowsAndRejectionsKeepFileOrderAcrossChunks() throws {
        let fixture = try ImportFixture()
        var lines = ["id,name,region"]
        for index in 1...3_500 {
            lines.append(index % 700 == 0 ? "C\(index),,east" : "C\(index),Shop \(index),east")
        }
        let path = try fixture.file("c.csv", lines.joined(separator: "\n") + "\n")
        let rejects = fixture.directory.appendingPathComponent("rejects.csv").path
        var importer = CSVImporter(kind: .customers)
        importer.rejectsPath = rejects
        importer.batchSize = 333
        var reported: [ImportProgress] = []
        importer.progressInterval = 1_000
        importer.progress = { reported.append($0) }
        let summary = try importer.run(file: path, into: fixture.replica)
        #expect(summary.read == 3_500 && summary.imported == 3_495 && summary.rejected == 5)
        // Record n is on line n + 1.
        #expect(summary.rejections.map(\.line) == [701, 1_401, 2_101, 2_801, 3_501])
        #expect(try CSVRecords.read(rejects).dropFirst().map { $0[0] } == ["701", "1401", "2101", "2801", "3501"])
        #expect(reported.map(\.records) == [1_000, 2_000, 3_000])
        let size = try #require(reported.first?.fileSize)
        #expect(reported.allSatisfy { $0.fileSize == size && $0.bytesRead > 0 && $0.bytesRead <= size })
        #expect(reported.map(\.bytesRead) == reported.map(\.bytesRead).sorted())
    }

    @Test func aRecordOverTheLimitStopsTheReadAndNamesItsLine() throws {
        // A quote left open swallows the rest of the file into one record; the limit stops it.
        let text = "id,name\nC1,Zhang\nC2,\"" + String(repeating: "x\n", count: 100)
        let reader = CSVRecordReader(bytes: Array(text.utf8), maxRecordBytes: 150)
        #expect(try reader.next() && reader.next())
        #expect(throws: CSVRecordReader.Failure.recordTooLong(line: 3)) { try reader.next() }
        // Below the limit the same record is read to the end of the file.
        let whole = CSVRecordReader(bytes: Array(text.utf8), maxRecordBytes: 250)
        #expect(try whole.next() && whole.next() && whole.next())
        #expect(whole.fieldCount == 2)
        #expect(try !whole.next())
    }

    @Test func writerGivingUpReleasesABlockedReader() async throws {
        let handOff = RecordHandOff(capacity: 1)
        let sent = Sent()
        Thread.detachNewThread {
            for _ in 0..<3 {
                guard handOff.send(.init(records: [], bytesRead: 0)) else { break }
                sent.add()
            }
            handOff.close(failure: nil)
        }
        #expect(handOff.receive() != nil)
        // The reader is now blocked on a full hand-off or about to be; finish() must stop it and wait for it.
        handOff.finish()
        #expect(sent.count <= 2)
        #expect(handOff.receive() == nil)
    }

    /// A counter shared with the reading thread.
    final class Sent: @unchecked Sendable {
        // `@unchecked Sendable`: `value` is only touched under `lock`.
        private let lock = NSLock()
        private var value = 0
        func add() { lock.withLock { value += 1 } }
        var count: Int { lock.withLock { value } }
    }
}
