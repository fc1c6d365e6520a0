/// A customer in a segment run, with the fields a target list needs.
public struct SegmentMember: Sendable, Equatable {
    public var id: String
    public var name: String
    public var region: String
    public var district: String
    public var channel: String
    public var status: String
}
