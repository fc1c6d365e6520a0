import SyncProtocol
import Testing

/// Bytes written by hand from docs/protocol.md ("Examples"), not produced by the encoder: they pin the
/// format so another implementation can check itself against the same table.
@Suite struct GoldenBytesTests {
    static let s1: [UInt8] = Array(0x00...0x0F)
    static let s2: [UInt8] = Array(0xF0...0xFF)

    static let cases: [(name: String, message: SyncMessage, bytes: [UInt8])] = [
        (
            "heartbeat", .v1(.heartbeat(Heartbeat(sentAtMillis: 300))),
            [0x4F, 0x50, 0x01, 0x06, 0xAC, 0x02]
        ),
        (
            "caughtUp", .v1(.caughtUp(CaughtUp(versionVector: [Samples.site2: 5, Samples.site1: 1]))),
            [0x4F, 0x50, 0x01, 0x05, 0x02] + s1 + [0x01] + s2 + [0x05]
        ),
        (
            "ack", .v1(.ack(Ack(batchNumber: 7, versionVector: [Samples.site1: 128]))),
            [0x4F, 0x50, 0x01, 0x04, 0x07, 0x01] + s1 + [0x80, 0x01]
        ),
        (
            "refusal", .v1(.refusal(Refusal(code: .incompatibleSchema, reason: "schema"))),
            [0x4F, 0x50, 0x01, 0x02, 0x02, 0x06, 0x73, 0x63, 0x68, 0x65, 0x6D, 0x61]
        ),
        (
            "hello",
            .v1(
                .hello(
                    Hello(
                        nodeID: Samples.site1, name: "a", role: "hq", region: "东", protocolVersion: 1, schemaVersion: 3,
                        versionVector: [:], sentAtMillis: 1))),
            [0x4F, 0x50, 0x01, 0x01] + s1
                + [0x01, 0x61, 0x02, 0x68, 0x71, 0x03, 0xE4, 0xB8, 0x9C, 0x01, 0x03, 0x00, 0x01]
        ),
        (
            "batch",
            .v1(
                .batch(
                    ChangeBatch(
                        number: 1,
                        changes: [
                            Change(
                                table: 2, key: [.text("k")], column: 3, causalLength: 1, hlc: 65_536,
                                site: Samples.site1, seq: 1, values: [.integer(-2)])
                        ]))),
            [0x4F, 0x50, 0x01, 0x03, 0x01, 0x00, 0x01] + s1 + [0x01]
                + [0x02, 0x01, 0x03, 0x01, 0x6B, 0x06, 0x01, 0x80, 0x80, 0x04, 0x00, 0x01, 0x01, 0x01, 0x03]
        ),
    ]

    @Test(arguments: 0..<cases.count)
    func encoderProducesTheSpecifiedBytes(index: Int) {
        let golden = Self.cases[index]
        #expect(golden.message.encode() == golden.bytes, "\(golden.name)")
    }

    @Test(arguments: 0..<cases.count)
    func decoderReadsTheSpecifiedBytes(index: Int) throws {
        let golden = Self.cases[index]
        #expect(try SyncMessage.decode(golden.bytes, limits: DecodingLimits()) == golden.message, "\(golden.name)")
    }

    @Test func valuesEncodeAsSpecified() {
        func cell(_ value: Value) -> [UInt8] {
            let change = Change(
                table: 0, key: [.null], column: 0, causalLength: 1, hlc: 0, site: Samples.site1, seq: 1, values: [value]
            )
            let bytes = SyncMessage.v1(.batch(ChangeBatch(number: 0, changes: [change]))).encode()
            // Header 4, number 1, covers 1, site table 17, change count 1, then the change up to its value list:
            // table 1, key 2, column 1, cl 1, hlc 1, site 1, seq 1, value count 1 = 33 bytes before the value.
            return Array(bytes[33...])
        }
        #expect(cell(.null) == [0x00])
        #expect(cell(.integer(-1)) == [0x01, 0x01])
        #expect(cell(.integer(.max)) == [0x01, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
        #expect(cell(.integer(.min)) == [0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
        #expect(cell(.real(1.5)) == [0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF8, 0x3F])
        #expect(cell(.text("hi")) == [0x03, 0x02, 0x68, 0x69])
        #expect(cell(.blob([])) == [0x04, 0x00])
    }
}
