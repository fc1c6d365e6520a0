import Testing

@testable import SyncProtocol

/// Every integer a receiver stores as a signed 64-bit SQLite integer is refused by the decoder above
/// Int64.max, naming the field, instead of trapping in a later conversion.
@Suite struct IntegerRangeTests {
    let limits = DecodingLimits()
    static let huge = UInt64(1) << 63
    static let site = Samples.site1

    static func change(seq: UInt64 = 1, causalLength: UInt64 = 1, hlc: UInt64 = 1 << 16) -> Change {
        Change(
            table: 1, key: [.text("k")], column: 0, causalLength: causalLength, hlc: hlc, site: site, seq: seq,
            values: [.null])
    }

    static let cases: [(field: String, message: SyncMessage)] = [
        ("seq", .v1(.batch(ChangeBatch(number: 1, changes: [change(seq: huge)])))),
        ("causal length", .v1(.batch(ChangeBatch(number: 1, changes: [change(causalLength: huge + 1)])))),
        ("hlc", .v1(.batch(ChangeBatch(number: 1, changes: [change(hlc: .max)])))),
        ("version vector sequence", .v1(.batch(ChangeBatch(number: 1, changes: [], covers: [site: huge])))),
        ("version vector sequence", .v1(.ack(Ack(batchNumber: 1, versionVector: [site: .max])))),
        ("version vector sequence", .v1(.caughtUp(CaughtUp(versionVector: [site: huge])))),
        (
            "sentAtMillis",
            .v1(
                .hello(
                    Hello(
                        nodeID: site, name: "n", role: "office", region: "r", protocolVersion: 1, schemaVersion: 1,
                        versionVector: [:], sentAtMillis: .max)))
        ),
        ("sentAtMillis", .v1(.heartbeat(Heartbeat(sentAtMillis: huge)))),
        (
            "digest row count",
            .v1(
                .digest(
                    ContentDigest(
                        versionVector: [:], tables: [.init(table: 1, rows: huge, hash: Array(repeating: 7, count: 32))])
                ))
        ),
    ]

    @Test(arguments: cases.indices)
    func integerAboveInt64MaxIsOutOfRange(index: Int) {
        let (field, message) = Self.cases[index]
        #expect {
            try SyncMessage.decode(message.encode(), limits: limits)
        } throws: { error in
            guard case .valueOutOfRange(let named, _) = error as? WireError else { return false }
            return named == field && (error as? WireError)?.refusalCode == .malformed
        }
    }

    @Test func int64MaxItselfIsAccepted() throws {
        let top = UInt64(Int64.max)
        let message = SyncMessage.v1(
            .batch(
                ChangeBatch(
                    number: .max, changes: [Self.change(seq: top, causalLength: top, hlc: top)],
                    covers: [Self.site: top]
                )))
        #expect(try SyncMessage.decode(message.encode(), limits: limits) == message)
    }
}

/// The digest message (kind 7): its bytes as docs/protocol.md gives them, and its canonical-form rules.
@Suite struct DigestWireTests {
    let limits = DecodingLimits()

    @Test func digestEncodesAsSpecified() throws {
        let digest = ContentDigest(
            versionVector: [Samples.site1: 3],
            tables: [.init(table: 1, rows: 2, hash: Array(repeating: 0xAB, count: 32))])
        let expected: [UInt8] =
            [0x4F, 0x50, 0x01, 0x07, 0x01] + Samples.site1.bytes + [0x03, 0x01, 0x01, 0x02]
            + Array(repeating: 0xAB, count: 32)
        #expect(SyncMessage.v1(.digest(digest)).encode() == expected)
        #expect(try SyncMessage.decode(expected, limits: limits) == .v1(.digest(digest)))
    }

    @Test func digestTablesMustAscendAndHashesBeWhole() {
        let hash = [UInt8](repeating: 1, count: 32)
        let header: [UInt8] = [0x4F, 0x50, 0x01, 0x07, 0x00]
        let descending = header + [0x02] + [0x02, 0x00] + hash + [0x01, 0x00] + hash
        let repeated = header + [0x02] + [0x01, 0x00] + hash + [0x01, 0x00] + hash
        for bytes in [descending, repeated] {
            #expect {
                try SyncMessage.decode(bytes, limits: limits)
            } throws: { error in
                guard case .malformed = error as? WireError else { return false }
                return true
            }
        }
        let short = header + [0x01] + [0x01, 0x00] + hash.prefix(31)
        #expect(throws: WireError.self) { try SyncMessage.decode(short, limits: limits) }
    }
}
