// libFuzzer target for the sync wire decoder (scripts/fuzz.sh wire). Built only with OUTPOST_FUZZ=1.
//
// Properties checked on every input, besides "does not trap":
// - decoding is the same whether the bytes come as an array, a slice at a non-zero offset, or a raw buffer;
// - a message that decodes re-encodes to exactly the input bytes (the format is canonical: shortest varints,
//   sorted vectors, site tables in order of first use), and those bytes decode to an equal message;
// - tighter limits only ever refuse more: a message decoded under the defaults either decodes to the same
//   message under small limits or fails with messageTooLarge / limitExceeded;
// - nothing decoded breaks the bounds the limits promise.
import Foundation
import SyncProtocol

private let defaults = DecodingLimits()
private let tight = DecodingLimits(
    maxMessageBytes: 2_048, maxChangesPerBatch: 8, maxStringBytes: 64, maxValuesPerChange: 4, maxSites: 4)

private func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("property violated: \(message())") }
}

private func decode(_ bytes: [UInt8], _ limits: DecodingLimits) -> Result<SyncMessage, WireError> {
    Result { () throws(WireError) in try SyncMessage.decode(bytes, limits: limits) }
}

private func checkBounds(_ message: SyncMessage, _ limits: DecodingLimits) {
    guard case .v1(let v1) = message else { return }
    switch v1 {
    case .hello(let hello):
        check(hello.sentAtMillis <= UInt64(Int64.max), "hello time beyond Int64")
        check(hello.versionVector.count <= limits.maxSites, "vector above maxSites")
        for text in [hello.name, hello.role, hello.region] {
            check(text.utf8.count <= limits.maxStringBytes, "string above maxStringBytes")
        }
    case .batch(let batch):
        check(batch.changes.count <= limits.maxChangesPerBatch, "batch above maxChangesPerBatch")
        for change in batch.changes {
            check(change.hasValidShape, "decoded change of invalid shape")
            check(change.seq >= 1 && change.seq <= UInt64(Int64.max), "seq out of range")
            check(change.causalLength <= UInt64(Int64.max) && change.hlc <= UInt64(Int64.max), "int out of range")
            check(change.values.count <= limits.maxValuesPerChange, "values above maxValuesPerChange")
        }
    case .heartbeat(let heartbeat):
        check(heartbeat.sentAtMillis <= UInt64(Int64.max), "heartbeat time beyond Int64")
    case .refusal(let refusal):
        check(refusal.reason.utf8.count <= limits.maxStringBytes, "reason above maxStringBytes")
    case .ack, .caughtUp, .digest:
        break
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWire(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let result = decode(bytes, defaults)

    // The same bytes through the other entry points.
    let padded = [0xFF] + bytes
    let slice = Result { () throws(WireError) in try SyncMessage.decode(padded[1...], limits: defaults) }
    check(slice == result, "slice decode differs: \(slice) vs \(result)")
    let raw = UnsafeRawBufferPointer(start: data, count: size)
    let direct = Result { () throws(WireError) in try SyncMessage.decode(raw, limits: defaults) }
    check(direct == result, "raw decode differs: \(direct) vs \(result)")

    guard case .success(let message) = result else { return 0 }
    checkBounds(message, defaults)
    let encoded = message.encode()
    check(encoded == bytes, "re-encoding differs: \(encoded.count) bytes from \(bytes.count)")
    check(decode(encoded, defaults) == .success(message), "re-encoded bytes decode to another message")
    check(message.kind == bytes[3] && message.protocolVersion == bytes[2], "header bytes differ")

    switch decode(bytes, tight) {
    case .success(let small):
        check(small == message, "tight limits decode another message")
        checkBounds(small, tight)
    case .failure(.messageTooLarge), .failure(.limitExceeded):
        break
    case .failure(let error):
        fatalError("property violated: tight limits fail with \(error) where the defaults decode")
    }
    return 0
}

/// With OUTPOST_FUZZ_SEEDS=DIR, writes the seed corpus (one valid message of each kind) there and exits.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzWireInitialize(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
) -> CInt {
    guard let directory = ProcessInfo.processInfo.environment["OUTPOST_FUZZ_SEEDS"] else { return 0 }
    let office = SiteID(high: 0x0102_0304_0506_0708, low: 0x1112_1314_1516_1718)
    let hq = SiteID(high: 0xA1A2_A3A4_A5A6_A7A8, low: 0xB1B2_B3B4_B5B6_B7B8)
    let vector: VersionVector = [office: 42, hq: 7]
    let seeds: [(String, MessageV1)] = [
        (
            "hello",
            .hello(
                Hello(
                    nodeID: office, name: "杭州西湖店", role: "office", region: "east", protocolVersion: 1,
                    schemaVersion: 3, versionVector: vector, sentAtMillis: 1_764_680_000_000))
        ),
        (
            "batch",
            .batch(
                ChangeBatch(
                    number: 5,
                    changes: [
                        Change(
                            table: 0, key: ["c1"], column: -1, causalLength: 1, hlc: 1 << 20, site: office, seq: 41,
                            values: ["西湖茶行", "east", 12, 3.5, nil]),
                        Change(
                            table: 0, key: ["c1"], column: 2, causalLength: 1, hlc: 1 << 21, site: hq, seq: 7,
                            values: [.blob([0, 1, 2])]),
                        Change(
                            table: 2, key: ["o9"], column: -2, causalLength: 1, hlc: 1 << 22, site: office, seq: 42,
                            values: ["c1", "2026-01-02T03:04:05Z", 2, -0.0]),
                        Change(
                            table: 0, key: ["c2"], column: -1, causalLength: 2, hlc: 1 << 23, site: hq, seq: 8,
                            values: []),
                    ],
                    covers: vector))
        ),
        ("ack", .ack(Ack(batchNumber: 5, versionVector: vector))),
        ("refusal", .refusal(Refusal(code: RefusalCode(rawValue: 3), reason: "schema mismatch"))),
        ("caughtup", .caughtUp(CaughtUp(versionVector: vector))),
        ("heartbeat", .heartbeat(Heartbeat(sentAtMillis: 300))),
        (
            "digest",
            .digest(
                ContentDigest(
                    versionVector: vector,
                    tables: [
                        .init(table: 0, rows: 2, hash: Array(repeating: 0xAB, count: ContentDigest.hashBytes)),
                        .init(table: 3, rows: 0, hash: Array(repeating: 0x01, count: ContentDigest.hashBytes)),
                    ]))
        ),
    ]
    for (name, message) in seeds {
        let bytes = SyncMessage.v1(message).encode()
        precondition((try? SyncMessage.decode(bytes, limits: defaults)) == .v1(message), "seed \(name) invalid")
        _ = FileManager.default.createFile(atPath: directory + "/" + name + ".bin", contents: Data(bytes))
    }
    exit(0)
}
