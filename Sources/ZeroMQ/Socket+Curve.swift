import CZeroMQ

extension Socket {
    /// Makes this socket a CURVE client of the server whose public key is `serverKey`. Call before
    /// ``connect(_:)``. A wrong server key makes the handshake fail (monitor: ``SocketEvent/handshakeFailed``).
    /// When the server's ZAP handler refuses this client (monitor: ``SocketEvent/handshakeFailedAuth``), libzmq
    /// gives that connection up for good and drops what was queued on it: to try again later, for instance after
    /// the peer added our key, call ``disconnect(_:)`` and ``connect(_:)`` again.
    /// See [zmq_curve](http://api.zeromq.org/4-3:zmq-curve).
    public func configureCurveClient(keyPair: CurveKeyPair, serverKey: CurveKey) throws(ZMQError) {
        try setRaw(ZMQ_CURVE_SERVERKEY, serverKey.bytes)
        try setRaw(ZMQ_CURVE_PUBLICKEY, keyPair.publicKey.bytes)
        try setRaw(ZMQ_CURVE_SECRETKEY, keyPair.secretKey.bytes)
    }

    /// Makes this socket a CURVE server whose clients `authenticator` admits. Call before ``bind(_:)``.
    ///
    /// This is the only way to make a CURVE server with this layer, because libzmq admits every client of a CURVE
    /// server that has no ZAP handler. The authenticator must belong to this socket's context (a programmer error
    /// otherwise); it runs as long as the context, which this socket keeps alive. The ZAP reply carries the
    /// client's public key as `User-Id`, which ``receiveMessage(wait:)`` returns with every message.
    public func configureCurveServer(keyPair: CurveKeyPair, authenticator: ZAPAuthenticator) throws(ZMQError) {
        precondition(
            context.authenticator === authenticator,
            "configureCurveServer needs the authenticator started on this socket's context")
        try setRaw(ZMQ_ZAP_DOMAIN, Array(authenticator.domain.utf8))
        // Defence in depth where libzmq has draft options: refuse clients if the handler ever stopped answering.
        // Stable builds reject the option (EINVAL); the authenticator's lifetime already covers that case.
        try? setRaw(OUTPOST_ZMQ_ZAP_ENFORCE_DOMAIN, 1)
        try setRaw(ZMQ_CURVE_SECRETKEY, keyPair.secretKey.bytes)
        try setRaw(ZMQ_CURVE_SERVER, 1)
    }
}
