import Analytics
import Testing

@testable import SyncProtocol

/// The writer/reader pair directly: every integer and double written is read back bit for bit.
@Suite struct PrimitiveTests {
    @Test func varintsRoundTripAcrossTheirWholeRange() throws {
        var generator = SeededGenerator(seed: 3)
        var unsigned: [UInt64] = [0, 1, 127, 128, 255, 16_383, 16_384, .max, .max - 1, 1 << 63]
        var signed: [Int64] = [0, -1, 1, 63, -64, 64, -65, .max, .min]
        for _ in 0..<2_000 {
            let shift = UInt64.random(in: 0...63, using: &generator)
            unsigned.append(generator.next() >> shift)
            signed.append(Int64(bitPattern: generator.next()) >> Int64(shift))
        }
        var writer = WireWriter(capacity: 0)
        for value in unsigned { writer.writeVarint(value) }
        for value in signed { writer.writeSignedVarint(value) }
        let bytes = writer.bytes
        try bytes.withUnsafeBytes { raw throws in
            var reader = WireReader(raw, limits: DecodingLimits())
            for value in unsigned { #expect(try reader.readVarint() == value) }
            for value in signed { #expect(try reader.readSignedVarint() == value) }
            #expect(reader.remaining == 0)
        }
    }

    @Test func varintLengthGrowsBySevenBits() {
        for (value, length) in [(UInt64(0), 1), (127, 1), (128, 2), (16_383, 2), (16_384, 3), (.max, 10)] {
            var writer = WireWriter(capacity: 0)
            writer.writeVarint(value)
            #expect(writer.bytes.count == length, "\(value)")
        }
    }

    @Test func zigzagInterleavesSigns() {
        for (value, encoded) in [(Int64(0), UInt8(0)), (-1, 1), (1, 2), (-2, 3), (2, 4), (-64, 127)] {
            var writer = WireWriter(capacity: 0)
            writer.writeSignedVarint(value)
            #expect(writer.bytes == [encoded], "\(value)")
        }
    }

    @Test func doublesAreLittleEndianBitPatterns() throws {
        let signallingNaN = Double(bitPattern: 0x7FF0_0000_0000_0001)
        var writer = WireWriter(capacity: 0)
        for value in [1.5, -0.0, .nan, signallingNaN, .infinity] { writer.writeDouble(value) }
        #expect(Array(writer.bytes[0..<8]) == [0, 0, 0, 0, 0, 0, 0xF8, 0x3F])
        let bytes = writer.bytes
        try bytes.withUnsafeBytes { raw throws in
            var reader = WireReader(raw, limits: DecodingLimits())
            for value in [1.5, -0.0, .nan, signallingNaN, .infinity] {
                #expect(try reader.readDouble().bitPattern == value.bitPattern)
            }
            #expect(throws: WireError.truncated(offset: 40)) { try reader.readDouble() }
        }
    }
}
