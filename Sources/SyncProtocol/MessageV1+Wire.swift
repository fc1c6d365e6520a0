// Payload encodings of the v1 messages, field by field in declaration order (docs/protocol.md).
extension MessageV1 {
    /// The payload size, close enough that the writer allocates once (batches: exact up to 128 sites).
    var estimatedPayloadBytes: Int {
        switch self {
        case .batch(let batch):
            64 + batch.covers.count * 26 + batch.changes.reduce(0) { $0 + $1.encodedSize }
        case .hello(let hello): 64 + hello.name.utf8.count + hello.region.utf8.count + hello.versionVector.count * 20
        case .refusal(let refusal): 8 + refusal.reason.utf8.count
        case .ack(let ack): 16 + ack.versionVector.count * 20
        case .caughtUp(let caughtUp): 8 + caughtUp.versionVector.count * 20
        case .heartbeat: 10
        case .digest(let digest): 8 + digest.versionVector.count * 20 + digest.tables.count * 44
        }
    }

    func encodePayload(to writer: inout WireWriter) {
        switch self {
        case .hello(let hello):
            writer.writeSiteID(hello.nodeID)
            writer.writeString(hello.name)
            writer.writeString(hello.role)
            writer.writeString(hello.region)
            writer.writeVarint(UInt64(hello.protocolVersion))
            writer.writeVarint(UInt64(hello.schemaVersion))
            hello.versionVector.encode(to: &writer)
            writer.writeVarint(hello.sentAtMillis)
        case .refusal(let refusal):
            writer.writeVarint(UInt64(refusal.code.rawValue))
            writer.writeString(refusal.reason)
        case .batch(let batch):
            batch.encode(to: &writer)
        case .ack(let ack):
            writer.writeVarint(ack.batchNumber)
            ack.versionVector.encode(to: &writer)
        case .caughtUp(let caughtUp):
            caughtUp.versionVector.encode(to: &writer)
        case .heartbeat(let heartbeat):
            writer.writeVarint(heartbeat.sentAtMillis)
        case .digest(let digest):
            digest.encode(to: &writer)
        }
    }

    /// Decodes the payload of message `kind`; the caller has read the header and checks for trailing bytes.
    static func decodePayload(kind: UInt8, from reader: inout WireReader) throws(WireError) -> MessageV1 {
        switch kind {
        case 1:
            let nodeID = try reader.readSiteID()
            let name = try reader.readString()
            let role = try reader.readString()
            let region = try reader.readString()
            let protocolVersion = try reader.readVarint(as: UInt16.self, field: "protocol version")
            let schemaVersion = try reader.readVarint(as: UInt32.self, field: "schema version")
            let versionVector = try VersionVector(from: &reader)
            let sentAtMillis = try reader.readStoredInteger(field: "sentAtMillis")
            return .hello(
                Hello(
                    nodeID: nodeID, name: name, role: role, region: region, protocolVersion: protocolVersion,
                    schemaVersion: schemaVersion, versionVector: versionVector, sentAtMillis: sentAtMillis))
        case 2:
            let code = try reader.readVarint(as: UInt16.self, field: "refusal code")
            let reason = try reader.readString()
            return .refusal(Refusal(code: RefusalCode(rawValue: code), reason: reason))
        case 3:
            return .batch(try ChangeBatch(from: &reader))
        case 4:
            let batchNumber = try reader.readVarint()
            let versionVector = try VersionVector(from: &reader)
            return .ack(Ack(batchNumber: batchNumber, versionVector: versionVector))
        case 5:
            return .caughtUp(CaughtUp(versionVector: try VersionVector(from: &reader)))
        case 6:
            return .heartbeat(Heartbeat(sentAtMillis: try reader.readStoredInteger(field: "sentAtMillis")))
        case 7:
            return .digest(try ContentDigest(from: &reader))
        default:
            throw .unknownKind(kind)
        }
    }
}
