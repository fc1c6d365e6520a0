import CZeroMQ

/// A CURVE key pair: the public key peers put on their allow-lists and the secret key that stays on this node.
public struct CurveKeyPair: Sendable, Hashable, CustomStringConvertible {
    /// The key to share.
    public let publicKey: CurveKey
    /// The key to keep secret (mode 0600 on disk).
    public let secretKey: CurveKey

    /// Generates a fresh pair from the system's random source (`zmq_curve_keypair`, libsodium).
    public static func generate() throws(ZMQError) -> CurveKeyPair {
        var publicText = [CChar](repeating: 0, count: 41)
        var secretText = [CChar](repeating: 0, count: 41)
        _ = try zmqCall("zmq_curve_keypair") { zmq_curve_keypair(&publicText, &secretText) }
        return CurveKeyPair(
            publicKey: try CurveKey(z85: textUntilNUL(publicText)),
            secretKey: try CurveKey(z85: textUntilNUL(secretText)))
    }

    /// Rebuilds the pair from its secret key, deriving the public key (`zmq_curve_public`); for keys read from disk.
    public init(secretKey: CurveKey) throws(ZMQError) {
        var publicText = [CChar](repeating: 0, count: 41)
        _ = try zmqCall("zmq_curve_public") { zmq_curve_public(&publicText, secretKey.z85) }
        self.init(publicKey: try CurveKey(z85: textUntilNUL(publicText)), secretKey: secretKey)
    }

    private init(publicKey: CurveKey, secretKey: CurveKey) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// The public key only; the secret key never appears in logs.
    public var description: String { "CurveKeyPair(public: \(publicKey.z85), secret: <hidden>)" }
}
