import Analytics
import SyncProtocol
import Testing

/// Peers may send anything: every malformed input must end in a `WireError`, never a trap or a huge allocation.
@Suite struct HostileInputTests {
    let limits = DecodingLimits()

    @Test(arguments: Samples.messages)
    func everyTruncationFailsWithAnError(message: SyncMessage) {
        let bytes = message.encode()
        for length in 0..<bytes.count {
            #expect(throws: WireError.self, "prefix of \(length) bytes") {
                try SyncMessage.decode(Array(bytes[..<length]), limits: limits)
            }
        }
    }

    @Test func truncatedHeaderSaysTruncated() {
        #expect(throws: WireError.truncated(offset: 0)) { try SyncMessage.decode([UInt8](), limits: limits) }
        #expect(throws: WireError.truncated(offset: 3)) { try SyncMessage.decode([0x4F, 0x50, 0x01], limits: limits) }
    }

    @Test func randomGarbageNeverCrashes() {
        var generator = SeededGenerator(seed: 0x0075_7470_6F73_74)
        var decodedCount = 0
        for round in 0..<3_000 {
            let length = Int.random(in: 0..<200, using: &generator)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Most rounds get a valid header so the payload decoders are exercised, not just the magic check.
            if round % 4 != 0 && bytes.count >= 4 {
                bytes[0] = 0x4F
                bytes[1] = 0x50
                bytes[2] = 0x01
                bytes[3] = UInt8.random(in: 1...6, using: &generator)
            }
            if (try? SyncMessage.decode(bytes, limits: limits)) != nil {
                decodedCount += 1
            }
        }
        // Random payloads almost never form a valid message; mostly this asserts that we got here at all.
        #expect(decodedCount < 300)
    }

    @Test func corruptedValidMessagesNeverCrash() {
        var generator = SeededGenerator(seed: 42)
        let encoded = Samples.messages.map { $0.encode() }
        for _ in 0..<3_000 {
            var bytes = encoded.randomElement(using: &generator)!
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[position] = UInt8.random(in: 0...255, using: &generator)
            }
            if let decoded = try? SyncMessage.decode(bytes, limits: limits) {
                // Whatever decodes must be canonical: re-encoding gives back the same bytes.
                #expect(decoded.encode() == bytes)
            }
        }
    }

    @Test func unknownVersionIsDistinctFromMalformed() {
        let bytes: [UInt8] = [0x4F, 0x50, 0x02, 0x06, 0x00]
        #expect(throws: WireError.unsupportedVersion(2)) { try SyncMessage.decode(bytes, limits: limits) }
        #expect(WireError.unsupportedVersion(2).refusalCode == .incompatibleProtocol)
        #expect(throws: WireError.unsupportedVersion(0)) {
            try SyncMessage.decode([0x4F, 0x50, 0x00, 0x01], limits: limits)
        }
    }

    @Test func unknownKindIsReported() {
        #expect(throws: WireError.unknownKind(8)) { try SyncMessage.decode([0x4F, 0x50, 0x01, 0x08], limits: limits) }
        #expect(throws: WireError.unknownKind(0)) { try SyncMessage.decode([0x4F, 0x50, 0x01, 0x00], limits: limits) }
    }

    @Test func badMagicIsReported() {
        #expect(throws: WireError.badMagic) { try SyncMessage.decode([0x50, 0x4F, 0x01, 0x06, 0x00], limits: limits) }
    }

    @Test func trailingBytesAreRejected() {
        #expect(throws: WireError.trailingBytes(offset: 5)) {
            try SyncMessage.decode([0x4F, 0x50, 0x01, 0x06, 0x00, 0x00], limits: limits)
        }
    }

    @Test func oversizedMessageIsRejectedBeforeParsing() {
        let small = DecodingLimits(maxMessageBytes: 8)
        let bytes = SyncMessage.v1(.refusal(Refusal(code: .malformed, reason: "long enough"))).encode()
        #expect(throws: WireError.messageTooLarge(size: bytes.count, limit: 8)) {
            try SyncMessage.decode(bytes, limits: small)
        }
        #expect(WireError.messageTooLarge(size: 9, limit: 8).refusalCode == .oversized)
    }

    @Test func hugeChangeCountIsRejectedByLimitWithoutAllocating() {
        // number 0, covers {}, no sites, change count 2^62.
        let bytes: [UInt8] = [0x4F, 0x50, 0x01, 0x03, 0x00, 0x00, 0x00] + varint(1 << 62)
        #expect(throws: WireError.limitExceeded(.changesPerBatch, count: 1 << 62, offset: 7)) {
            try SyncMessage.decode(bytes, limits: limits)
        }
    }

    @Test func countBeyondRemainingBytesIsRejectedEvenWithUnboundedLimits() {
        let unbounded = DecodingLimits(
            maxMessageBytes: .max, maxChangesPerBatch: .max, maxStringBytes: .max, maxValuesPerChange: .max,
            maxSites: .max)
        let changes: [UInt8] = [0x4F, 0x50, 0x01, 0x03, 0x00, 0x00, 0x00] + varint(.max)
        #expect(throws: WireError.self) { try SyncMessage.decode(changes, limits: unbounded) }
        let vector: [UInt8] = [0x4F, 0x50, 0x01, 0x05] + varint(1 << 60)
        #expect(throws: WireError.self) { try SyncMessage.decode(vector, limits: unbounded) }
        let text: [UInt8] = [0x4F, 0x50, 0x01, 0x02, 0x01] + varint(1 << 62) + [0x61]
        #expect(throws: WireError.truncated(offset: text.count)) { try SyncMessage.decode(text, limits: unbounded) }
    }

    @Test func longStringIsRejectedByLimit() {
        let reason = String(repeating: "x", count: 100)
        let bytes = SyncMessage.v1(.refusal(Refusal(code: .malformed, reason: reason))).encode()
        #expect(throws: WireError.limitExceeded(.stringBytes, count: 100, offset: 5)) {
            try SyncMessage.decode(bytes, limits: DecodingLimits(maxStringBytes: 99))
        }
    }

    @Test func tooManyValuesInAChangeAreRejectedByLimit() {
        let change = Change(
            table: 1, key: [.null], column: Change.appendRowColumn, causalLength: 1, hlc: 1, site: Samples.site1,
            seq: 1, values: Array(repeating: .null, count: 10))
        let bytes = SyncMessage.v1(.batch(ChangeBatch(number: 1, changes: [change]))).encode()
        #expect(throws: WireError.self) { try SyncMessage.decode(bytes, limits: DecodingLimits(maxValuesPerChange: 9)) }
        #expect(throws: Never.self) { try SyncMessage.decode(bytes, limits: DecodingLimits(maxValuesPerChange: 10)) }
    }

    @Test func invalidUTF8IsRejected() {
        // Refusal code 1, then a 2-byte "string" of an overlong encoding of "/" (C0 AF).
        for invalid: [UInt8] in [[0xC0, 0xAF], [0xFF], [0xED, 0xA0, 0x80], [0xE4, 0xB8]] {
            let bytes: [UInt8] = [0x4F, 0x50, 0x01, 0x02, 0x01, UInt8(invalid.count)] + invalid
            #expect(throws: WireError.invalidUTF8(offset: 6)) { try SyncMessage.decode(bytes, limits: limits) }
        }
    }

    @Test func overlongAndOverflowingVarintsAreRejected() throws {
        let header: [UInt8] = [0x4F, 0x50, 0x01, 0x06]
        let padded: [UInt8] = [0x80, 0x00]
        #expect(throws: WireError.overlongVarint(offset: 4)) { try SyncMessage.decode(header + padded, limits: limits) }
        let eleven = Array(repeating: UInt8(0x80), count: 10) + [0x01]
        #expect(throws: WireError.overlongVarint(offset: 4)) { try SyncMessage.decode(header + eleven, limits: limits) }
        let overflow = Array(repeating: UInt8(0xFF), count: 9) + [0x02]
        #expect(throws: WireError.varintOverflow(offset: 4)) {
            try SyncMessage.decode(header + overflow, limits: limits)
        }
        // 2^64 − 1 is a valid varint; an ack's batch number may use all 64 bits.
        let maximum = Array(repeating: UInt8(0xFF), count: 9) + [0x01]
        #expect(
            try SyncMessage.decode([0x4F, 0x50, 0x01, 0x04] + maximum + [0x00], limits: limits)
                == .v1(.ack(Ack(batchNumber: .max, versionVector: [:]))))
    }

    @Test func narrowFieldsRejectOutOfRangeValues() {
        // Refusal code 65536 does not fit a UInt16.
        let bytes: [UInt8] = [0x4F, 0x50, 0x01, 0x02, 0x80, 0x80, 0x04, 0x00]
        #expect(throws: WireError.valueOutOfRange(field: "refusal code", offset: 4)) {
            try SyncMessage.decode(bytes, limits: limits)
        }
    }

    @Test func unknownValueTagIsRejected() {
        var bytes = SyncMessage.v1(.batch(Samples.batch)).encode()
        // Corrupt the first key value's tag of the first change: header 4, number 10 (UInt64.max), covers 1+3×17
        // with sequence bytes 1 + 9 (Int64.max) + 1, site table 1 + 3×16, change count 1, table 1, key count 1.
        let tagOffset = 4 + 10 + (1 + 3 * 16 + 1 + 9 + 1) + (1 + 3 * 16) + 1 + 1 + 1
        #expect(bytes[tagOffset] == 0x03)
        bytes[tagOffset] = 0x05
        #expect(throws: WireError.unknownValueTag(5, offset: tagOffset)) {
            try SyncMessage.decode(bytes, limits: limits)
        }
    }

    @Test func nonCanonicalVersionVectorsAreRejected() {
        let s1 = Samples.site1.bytes
        let s2 = Samples.site2.bytes
        let header: [UInt8] = [0x4F, 0x50, 0x01, 0x05]
        let descending = header + [0x02] + s2 + [0x01] + s1 + [0x01]
        let duplicate = header + [0x02] + s1 + [0x01] + s1 + [0x02]
        let zero = header + [0x01] + s1 + [0x00]
        for bytes in [descending, duplicate, zero] {
            #expect {
                try SyncMessage.decode(bytes, limits: limits)
            } throws: { error in
                guard case .malformed = error as? WireError else { return false }
                return true
            }
        }
    }

    @Test func changesBreakingShapeRulesAreRejected() {
        let base = Change(
            table: 1, key: [.null], column: 0, causalLength: 1, hlc: 1, site: Samples.site1, seq: 1, values: [.null])
        var noKey = base
        noKey.key = []
        var fiveKeys = base
        fiveKeys.key = Array(repeating: .null, count: 5)
        var cellWithTwoValues = base
        cellWithTwoValues.values = [.null, .null]
        var markerWithValue = base
        markerWithValue.column = Change.existenceColumn
        markerWithValue.causalLength = 2  // a tombstone carries no values; a create carries the row image
        var emptyAppendRow = base
        emptyAppendRow.column = Change.appendRowColumn
        emptyAppendRow.values = []
        var columnBelowAppendRow = base
        columnBelowAppendRow.column = -3
        var sequenceZero = base
        sequenceZero.seq = 0
        for change in [
            noKey, fiveKeys, cellWithTwoValues, markerWithValue, emptyAppendRow, columnBelowAppendRow, sequenceZero,
        ] {
            let bytes = SyncMessage.v1(.batch(ChangeBatch(number: 1, changes: [change]))).encode()
            #expect(throws: WireError.self, "\(change)") { try SyncMessage.decode(bytes, limits: limits) }
        }
        #expect(throws: Never.self) {
            try SyncMessage.decode(
                SyncMessage.v1(.batch(ChangeBatch(number: 1, changes: [base]))).encode(), limits: limits)
        }
    }

    @Test func siteIndexOutsideTheTableIsRejected() {
        // One site in the table, one change naming site index 1.
        let bytes: [UInt8] =
            [0x4F, 0x50, 0x01, 0x03, 0x01, 0x00, 0x01] + Samples.site1.bytes + [0x01]
            + [0x02, 0x01, 0x00, 0x00, 0x01, 0x01, 0x01, 0x01, 0x00]
        #expect {
            try SyncMessage.decode(bytes, limits: limits)
        } throws: { error in
            guard case .malformed(_, let offset) = error as? WireError else { return false }
            return offset == 30
        }
    }

    @Test func duplicateSiteInTableIsRejected() {
        let bytes: [UInt8] =
            [0x4F, 0x50, 0x01, 0x03, 0x01, 0x00, 0x02] + Samples.site1.bytes + Samples.site1.bytes + [0x00]
        #expect(throws: WireError.malformed(reason: "site listed twice", offset: 23)) {
            try SyncMessage.decode(bytes, limits: limits)
        }
    }

    private func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
        return bytes
    }
}
