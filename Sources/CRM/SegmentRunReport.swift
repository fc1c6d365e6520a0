/// What `SegmentBook.evaluate` did: the runs it stored, and the saved segments it could not run.
public struct SegmentRunReport: Sendable, Equatable {
    /// A saved segment whose rule this node refuses (too long, too deeply nested, or not valid here), e.g. one
    /// defined by another node's older or altered software. It is skipped, never evaluated.
    public struct Skipped: Sendable, Equatable {
        public var name: String
        public var error: SegmentError
    }

    public var runs: [SegmentRun]
    public var skipped: [Skipped]
}
