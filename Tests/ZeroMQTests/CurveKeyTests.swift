import Testing

@testable import ZeroMQ

@Suite(.timeLimit(.minutes(5))) struct CurveKeyTests {
    // The 32-byte test vector of ZeroMQ RFC 32 (Z85) and the matching public key of the zmq_curve example pair.
    let rfcBytes: [UInt8] = [
        0x8E, 0x0B, 0xDD, 0x69, 0x76, 0x28, 0xB9, 0x1D, 0x8F, 0x24, 0x55, 0x87, 0xEE, 0x95, 0xC5, 0xB0,
        0x4D, 0x48, 0x96, 0x3F, 0x79, 0x25, 0x98, 0x77, 0xB4, 0x9C, 0xD9, 0x06, 0x3A, 0xEA, 0xD3, 0xB7,
    ]
    let rfcText = "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6"

    @Test func z85MatchesTheRFCTestVector() throws {
        #expect(try CurveKey(bytes: rfcBytes).z85 == rfcText)
        #expect(try CurveKey(z85: rfcText).bytes == rfcBytes)
    }

    @Test func malformedZ85IsRejectedWithEINVAL() {
        #expect(throws: ZMQError.self) { try CurveKey(z85: "too short") }
        let error = try? #require(throws: ZMQError.self) { try CurveKey(z85: String(repeating: "~", count: 39) + "\"") }
        #expect(error?.code == .invalidArgument)
        #expect(throws: ZMQError.self) { try CurveKey(bytes: [1, 2, 3]) }
    }

    @Test func publicKeyIsDerivedFromTheSecretKey() throws {
        let pair = try CurveKeyPair(secretKey: CurveKey(z85: rfcText))
        #expect(pair.publicKey.z85 == "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7")
        let generated = try CurveKeyPair.generate()
        #expect(try CurveKeyPair(secretKey: generated.secretKey) == generated)
        #expect(generated.publicKey != generated.secretKey)
    }

    @Test func keyPairDescriptionHidesTheSecretKey() throws {
        let pair = try CurveKeyPair.generate()
        #expect(!pair.description.contains(pair.secretKey.z85))
        #expect(pair.description.contains(pair.publicKey.z85))
    }
}
