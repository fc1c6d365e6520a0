import CZeroMQ

extension Socket {
    /// Sets a typed option (`zmq_setsockopt`). Setting a read-only option is a programmer error.
    public func set<Value>(_ option: SocketOption<Value>, _ value: Value) throws(ZMQError) {
        precondition(option.isWritable, "socket option \(option.name) is read-only")
        let bytes = option.encode(value)
        try setRaw(option.name, bytes)
    }

    /// Reads a typed option (`zmq_getsockopt`). Reading a write-only option is a programmer error.
    public func get<Value>(_ option: SocketOption<Value>) throws(ZMQError) -> Value {
        precondition(option.isReadable, "socket option \(option.name) is write-only")
        var bytes = [UInt8](repeating: 0, count: option.capacity)
        var size = bytes.count
        _ = try zmqCall("zmq_getsockopt(\(option.name))") {
            bytes.withUnsafeMutableBytes { zmq_getsockopt(handle, option.name, $0.baseAddress, &size) }
        }
        return option.decode(Array(bytes.prefix(size)))
    }

    /// Sets an option from raw bytes; internal so that CURVE server options go only through
    /// ``configureCurveServer(keyPair:authenticator:)``.
    func setRaw(_ name: Int32, _ bytes: [UInt8]) throws(ZMQError) {
        _ = try zmqCall("zmq_setsockopt(\(name))") {
            bytes.withUnsafeBytes { zmq_setsockopt(handle, name, $0.baseAddress, $0.count) }
        }
    }

    func setRaw(_ name: Int32, _ value: Int32) throws(ZMQError) {
        try setRaw(name, withUnsafeBytes(of: value) { Array($0) })
    }
}
