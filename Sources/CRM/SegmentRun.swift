/// One materialisation of a segment on this node: the rule as it was, the as-of day, when, how many members.
public struct SegmentRun: Sendable, Equatable {
    public var id: Int64
    public var segment: String
    public var expression: String
    /// `YYYY-MM-DD`.
    public var asOf: String
    /// ISO 8601 UTC time of the run.
    public var runAt: String
    public var members: Int
}
