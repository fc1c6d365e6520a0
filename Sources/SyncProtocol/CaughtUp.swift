/// The sender has sent everything it holds beyond the peer's vector, as of `versionVector`.
/// Live pushes may follow.
public struct CaughtUp: Hashable, Sendable {
    /// The sender's version vector at the moment it ran out of changes to send.
    public var versionVector: VersionVector

    /// Creates a caught-up notice.
    public init(versionVector: VersionVector) {
        self.versionVector = versionVector
    }
}
