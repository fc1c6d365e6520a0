import SyncProtocol

/// The text form of a site id that Outpost prints (`node id`, `status`, `conflicts`, `doctor`) and stores in
/// `outpost_peer_state.peer_heads`: 32 lowercase hex digits grouped 8-4-4-4-12, as node ids were printed when
/// they were Foundation UUIDs, so nothing a user or an existing database holds changes form.
extension SiteID {
    /// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, lowercase.
    public var uuidString: String {
        var text = description
        for offset in [8, 13, 18, 23] { text.insert("-", at: text.index(text.startIndex, offsetBy: offset)) }
        return text
    }

    /// Parses the grouped form (either case), or 32 hex digits without dashes.
    public init?(uuidString: some StringProtocol) {
        let digits = String(uuidString.filter { $0 != "-" })
        guard digits.count == 32, uuidString.count == 32 || uuidString.count == 36 else { return nil }
        self.init(hex: digits)
    }
}
