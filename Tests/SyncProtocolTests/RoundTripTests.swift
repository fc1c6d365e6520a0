import SyncProtocol
import Testing

@Suite struct RoundTripTests {
    @Test(arguments: Samples.messages)
    func everyMessageKindSurvivesEncodeThenDecode(message: SyncMessage) throws {
        let bytes = message.encode()
        let decoded = try SyncMessage.decode(bytes, limits: DecodingLimits())
        #expect(decoded == message)
        #expect(decoded.encode() == bytes)
    }

    @Test func edgeValuesKeepTheirExactRepresentation() throws {
        let decoded = try SyncMessage.decode(SyncMessage.v1(.batch(Samples.batch)).encode(), limits: DecodingLimits())
        guard case .v1(.batch(let batch)) = decoded else {
            Issue.record("expected a batch, got \(decoded)")
            return
        }
        let values = batch.changes[2].values
        #expect(values.count == Samples.edgeValues.count)
        // NaN payload bits and the sign of zero must survive, not just "some NaN".
        let reals = zip(values, Samples.edgeValues).compactMap { pair -> (Double, Double)? in
            if case .real(let got) = pair.0, case .real(let want) = pair.1 { return (got, want) }
            return nil
        }
        #expect(reals.count == 7)
        for (got, want) in reals {
            #expect(got.bitPattern == want.bitPattern)
        }
        #expect(values[13] == .text("Zhōngguó 中国 烟草零售"))
    }

    @Test func batchCarriesEachOriginSiteOnce() {
        let changes = (1...1_000).map { seq in
            Change(
                table: 1, key: [.text("c\(seq)")], column: 2, causalLength: 1, hlc: UInt64(seq), site: Samples.site1,
                seq: UInt64(seq), values: [.integer(1)])
        }
        let bytes = SyncMessage.v1(.batch(ChangeBatch(number: 1, changes: changes))).encode()
        let siteBytes = Samples.site1.bytes
        let occurrences = (0...(bytes.count - 16)).filter { Array(bytes[$0..<$0 + 16]) == siteBytes }.count
        #expect(occurrences == 1)
    }

    @Test func decodesFromSlicesAndRawBuffers() throws {
        let message = SyncMessage.v1(.batch(Samples.batch))
        let framed = [0xAA] + message.encode() + [0xBB]
        let slice = framed[1..<(framed.count - 1)]
        #expect(try SyncMessage.decode(slice, limits: DecodingLimits()) == message)
        let fromRaw = try framed.withUnsafeBytes { raw in
            try SyncMessage.decode(UnsafeRawBufferPointer(rebasing: raw[1..<(raw.count - 1)]), limits: DecodingLimits())
        }
        #expect(fromRaw == message)
        #expect(try SyncMessage.decode(NonContiguousBytes(slice), limits: DecodingLimits()) == message)
    }

    @Test func refusalCodesKeepUnknownNumbers() throws {
        for raw in [UInt16(0), 1, 7, 8, 999, .max] {
            let message = SyncMessage.v1(.refusal(Refusal(code: RefusalCode(rawValue: raw), reason: "r")))
            guard case .v1(.refusal(let refusal)) = try SyncMessage.decode(message.encode(), limits: DecodingLimits())
            else {
                Issue.record("expected a refusal")
                continue
            }
            #expect(refusal.code.rawValue == raw)
        }
        #expect(RefusalCode(rawValue: 10) == .other(10))
        #expect(RefusalCode(rawValue: 9).description == "scope mismatch")
        #expect(RefusalCode.other(1) == .incompatibleProtocol)
    }
}

/// A non-contiguous collection, to exercise the copying path of `decode(some Collection)`.
struct NonContiguousBytes: Collection {
    let base: ArraySlice<UInt8>
    init(_ base: ArraySlice<UInt8>) { self.base = base }
    var startIndex: Int { base.startIndex }
    var endIndex: Int { base.endIndex }
    subscript(position: Int) -> UInt8 { base[position] }
    func index(after index: Int) -> Int { index + 1 }
}

@Suite struct EncodedSizeTests {
    @Test func changeSizesAddUpToTheBatchPayload() {
        let batch = Samples.batch
        let bytes = SyncMessage.v1(.batch(batch)).encode()
        let covers = 1 + (16 + 1) + (16 + 9) + (16 + 1)
        let overhead = 4 + 10 + covers + (1 + 3 * 16) + 1
        #expect(bytes.count == overhead + batch.changes.map(\.encodedSize).reduce(0, +))
    }

    @Test(arguments: Samples.edgeValues + [.integer(64), .integer(-65), .text(String(repeating: "长", count: 50))])
    func valueSizeMatchesItsEncoding(value: Value) {
        let change = Change(
            table: 0, key: [value], column: 0, causalLength: 1, hlc: 0, site: Samples.site1, seq: 1, values: [.null])
        let bytes = SyncMessage.v1(.batch(ChangeBatch(number: 0, changes: [change]))).encode()
        // Header 4, number 1, covers 1, site table 17, change count 1.
        #expect(bytes.count - 24 == change.encodedSize)
        #expect(change.encodedSize == 9 + value.encodedSize)
    }
}
