import Foundation
import SyncProtocol
import Testing

@testable import Replica

/// Site ids became `SiteID` (they were Foundation UUIDs): the text Outpost prints and stores must not change form.
@Suite struct SiteIDTextTests {
    @Test func theTextIsFoundationsUUIDStringOfTheSameBytesInLowercase() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let site = SiteID.random(using: &generator)
            let bytes = site.bytes
            let uuid = UUID(
                uuid: (
                    bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8],
                    bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
                ))
            #expect(site.uuidString == uuid.uuidString.lowercased())
            #expect(SiteID(uuidString: uuid.uuidString) == site)
            #expect(SiteID(uuidString: site.uuidString) == site)
        }
    }

    @Test func malformedTextIsNoSiteID() {
        #expect(SiteID(uuidString: "") == nil)
        #expect(SiteID(uuidString: "0123456789abcdef0123456789abcde") == nil)
        #expect(SiteID(uuidString: "0123456789abcdef0123456789abcdeg") == nil)
        #expect(SiteID(uuidString: "01234567-89ab-cdef-0123-456789abcdef-") == nil)
        #expect(
            SiteID(uuidString: "0123456789abcdef0123456789abcdef") == SiteID(hex: "0123456789abcdef0123456789abcdef"))
    }

    @Test func lastWriterWinsBreaksClockTiesByTheSitesBytes() {
        let low = SiteID(high: 0x01, low: 0xFF)
        let high = SiteID(high: 0x02, low: 0x00)
        #expect(RowVersion(hlc: 5, site: low, seq: 9) < RowVersion(hlc: 5, site: high, seq: 1))
        #expect(!(RowVersion(hlc: 5, site: high, seq: 1) < RowVersion(hlc: 5, site: low, seq: 9)))
        #expect(RowVersion(hlc: 4, site: high, seq: 1) < RowVersion(hlc: 5, site: low, seq: 1))
        #expect(RowVersion.unknown < RowVersion(hlc: 0, site: low, seq: 1))
    }
}
