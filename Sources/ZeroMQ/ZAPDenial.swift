/// A handshake that the ``ZAPAuthenticator`` refused.
public struct ZAPDenial: Sendable, Hashable {
    /// The client's CURVE public key; `nil` when the client did not use CURVE.
    public var publicKey: CurveKey?
    /// The security mechanism the client used: `CURVE`, `NULL` or `PLAIN`.
    public var mechanism: String
    /// The client's address, such as `127.0.0.1`.
    public var address: String
    /// The ZAP domain of the server socket.
    public var domain: String

    /// Creates a denial record.
    public init(publicKey: CurveKey?, mechanism: String, address: String, domain: String) {
        self.publicKey = publicKey
        self.mechanism = mechanism
        self.address = address
        self.domain = domain
    }
}
