/// The first message of a session, sent by both sides: who I am and what I hold.
public struct Hello: Hashable, Sendable {
    /// The sender's site id.
    public var nodeID: SiteID
    /// The sender's human-readable node name.
    public var name: String
    /// The sender's role, `office` or `hq` (kept as text so a newer role does not break decoding).
    public var role: String
    /// The sender's region.
    public var region: String
    /// The sync protocol version the sender speaks.
    public var protocolVersion: UInt16
    /// The version of the replicated schema the sender's database has.
    public var schemaVersion: UInt32
    /// What the sender holds; the peer answers with what this vector lacks.
    public var versionVector: VersionVector
    /// The sender's wall clock in Unix milliseconds, so the peer can report clock skew.
    public var sentAtMillis: UInt64

    /// Creates a hello.
    public init(
        nodeID: SiteID, name: String, role: String, region: String, protocolVersion: UInt16, schemaVersion: UInt32,
        versionVector: VersionVector, sentAtMillis: UInt64
    ) {
        self.nodeID = nodeID
        self.name = name
        self.role = role
        self.region = region
        self.protocolVersion = protocolVersion
        self.schemaVersion = schemaVersion
        self.versionVector = versionVector
        self.sentAtMillis = sentAtMillis
    }
}
