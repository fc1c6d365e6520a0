import CRM
import Testing

@testable import Node

/// The progress line `outpost import` keeps rewriting on a terminal: rows, their rate, and the time left from the
/// share of the file read so far.
@Suite struct ImportProgressLineTests {
    @Test func showsRateShareAndTimeLeft() {
        let progress = ImportProgress(records: 120_000, bytesRead: 36, fileSize: 100)
        #expect(
            ImportRun.progressLine(.orders, progress, seconds: 3)
                == "importing orders: 120,000 rows, 40,000 rows/s, 36% of the file, about 0:05 left")
        let slow = ImportProgress(records: 10_000, bytesRead: 1, fileSize: 200)
        #expect(ImportRun.progressLine(.customers, slow, seconds: 1).hasSuffix("0% of the file, about 3:19 left"))
    }

    @Test func withoutASizeOrTimeItShowsWhatItKnows() {
        let progress = ImportProgress(records: 10_000, bytesRead: 500, fileSize: nil)
        #expect(
            ImportRun.progressLine(.interactions, progress, seconds: 2)
                == "importing interactions: 10,000 rows, 5,000 rows/s")
        #expect(ImportRun.progressLine(.interactions, progress, seconds: 0) == "importing interactions: 10,000 rows")
    }
}
