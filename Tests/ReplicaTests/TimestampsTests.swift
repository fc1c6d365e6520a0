import Foundation
import Testing

@testable import Replica

@Suite struct TimestampsTests {
    @Test func formatsAndParsesUTCTimestampsBothWays() {
        #expect(Timestamps.iso(millis: 0) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamps.iso(millis: 1_772_582_400_123) == "2026-03-04T00:00:00.123Z")
        #expect(Timestamps.iso(millis: -1, fractional: false) == "1969-12-31T23:59:59Z")
        #expect(Timestamps.millis(ofTimestamp: "2026-03-04T08:00:00+08:00") == 1_772_582_400_000)
        #expect(Timestamps.millis(ofTimestamp: "2024-02-29") == 1_709_164_800_000)
        #expect(Timestamps.millis(ofTimestamp: "2023-02-29") == nil)
        #expect(Timestamps.millis(ofTimestamp: "2026-13-01T00:00:00Z") == nil)
        // Round trip over a spread of instants, against Foundation's formatter.
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for millis in stride(from: Int64(-86_400_000), to: 4_102_444_800_000, by: 97_654_321_987) {
            let text = Timestamps.iso(millis: millis)
            #expect(text == formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000)))
            #expect(Timestamps.millis(ofTimestamp: text) == millis)
        }
    }
}
