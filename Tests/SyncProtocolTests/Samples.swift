import SyncProtocol

/// Messages covering every kind with edge values, shared by round-trip and hostile-input tests.
enum Samples {
    /// Bytes 00 01 … 0F.
    static let site1 = SiteID(bytes: Array(0x00...0x0F))!
    /// Bytes F0 F1 … FF.
    static let site2 = SiteID(bytes: Array(0xF0...0xFF))!
    static let site3 = SiteID(high: .max, low: 0)
    /// The largest sequence, causal length, clock or wall time the wire accepts (Int64.max).
    static let maxStored = UInt64(Int64.max)

    static let edgeValues: [Value] = [
        .null, .integer(0), .integer(-1), .integer(.max), .integer(.min), .real(.nan), .real(-.nan),
        .real(.infinity), .real(-.infinity), .real(-0.0), .real(.leastNonzeroMagnitude),
        .real(.greatestFiniteMagnitude),
        .text(""), .text("Zhōngguó 中国 烟草零售"), .text("🚬 emoji and \u{0} nul"), .blob([]), .blob([0, 255, 128]),
    ]

    static let batch = ChangeBatch(
        number: .max,
        changes: [
            Change(
                table: 0, key: [.text("01HZX3")], column: Change.existenceColumn, causalLength: 2, hlc: maxStored,
                site: site1, seq: 1, values: []),
            Change(
                table: 255, key: [.integer(.min), .text("客户"), .blob([]), .null], column: .max,
                causalLength: maxStored, hlc: 0, site: site2, seq: maxStored, values: [.real(.nan)]),
            Change(
                table: 3, key: [.text("order-1")], column: Change.appendRowColumn, causalLength: 1,
                hlc: 1_700_000_000_000 << 16, site: site1, seq: 2, values: edgeValues),
            Change(
                table: 1, key: [.real(-0.0)], column: 0, causalLength: 3, hlc: 42, site: site3, seq: 7,
                values: [.text("东区")]),
        ],
        covers: [site1: 2, site2: maxStored, site3: 7])

    static let hello = Hello(
        nodeID: site2, name: "上海办公室 Shanghai office", role: "office", region: "east", protocolVersion: .max,
        schemaVersion: .max, versionVector: [site1: 1, site2: 1 << 40, site3: maxStored], sentAtMillis: maxStored)

    static let messages: [SyncMessage] = [
        .v1(.hello(hello)),
        .v1(
            .hello(
                Hello(
                    nodeID: site1, name: "", role: "", region: "", protocolVersion: 0, schemaVersion: 0,
                    versionVector: [:], sentAtMillis: 0))),
        .v1(.refusal(Refusal(code: .incompatibleSchema, reason: "schema 3 is newer than 2; upgrade outpost"))),
        .v1(.refusal(Refusal(code: .other(.max), reason: ""))),
        .v1(.batch(batch)),
        .v1(.batch(ChangeBatch(number: 0, changes: [], covers: [:]))),
        .v1(.ack(Ack(batchNumber: 0, versionVector: [:]))),
        .v1(.ack(Ack(batchNumber: .max, versionVector: [site3: 9, site1: 300]))),
        .v1(.caughtUp(CaughtUp(versionVector: [site2: 5, site1: 1]))),
        .v1(.heartbeat(Heartbeat(sentAtMillis: 0))),
        .v1(.heartbeat(Heartbeat(sentAtMillis: maxStored))),
        .v1(.digest(ContentDigest(versionVector: [:], tables: []))),
        .v1(
            .digest(
                ContentDigest(
                    versionVector: [site1: maxStored, site3: 2],
                    tables: [
                        .init(table: 0, rows: 0, hash: Array(repeating: 0, count: 32)),
                        .init(table: 255, rows: maxStored, hash: Array(0..<32)),
                    ]))),
    ]
}
