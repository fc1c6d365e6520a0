/// Sync health: each peer's state, how long since the last sync, and how many changes each side lacks as of
/// the last vectors exchanged, as `outpost status`.
public struct SyncSection: Codable, Sendable, Equatable {
    /// One peer.
    public struct Peer: Codable, Sendable, Equatable {
        public var name: String
        public var role: String
        public var regions: String
        /// `connected`, `offline`, `refused`, … or `diverged`.
        public var state: String
        /// `in-sync`, `behind`, `unreachable` or `diverged`.
        public var standing: String
        public var lastSync: String?
        /// Seconds from the last sync to the report's generation; nil if never.
        public var lagSeconds: Int?
        /// Changes we hold that the peer lacked at the last exchange; nil if unknown.
        public var peerLacks: Int?
        public var weLack: Int?
        public var lastError: String?

        public init(
            name: String, role: String, regions: String, state: String, standing: String, lastSync: String?,
            lagSeconds: Int?, peerLacks: Int?, weLack: Int?, lastError: String?
        ) {
            self.name = name
            self.role = role
            self.regions = regions
            self.state = state
            self.standing = standing
            self.lastSync = lastSync
            self.lagSeconds = lagSeconds
            self.peerLacks = peerLacks
            self.weLack = weLack
            self.lastError = lastError
        }
    }

    public var verdict: String
    public var peers: [Peer]

    public init(verdict: String, peers: [Peer]) {
        self.verdict = verdict
        self.peers = peers
    }

    /// `3 d 4 h`, `2 h 5 m`, `40 s`.
    static func lag(_ seconds: Int?) -> String {
        guard let seconds else { return "never" }
        if seconds >= 86_400 { return "\(seconds / 86_400) d \(seconds % 86_400 / 3600) h" }
        if seconds >= 3600 { return "\(seconds / 3600) h \(seconds % 3600 / 60) m" }
        if seconds >= 60 { return "\(seconds / 60) m \(seconds % 60) s" }
        return "\(max(seconds, 0)) s"
    }

    var html: String {
        let chart = SVGChart.bars(
            peers.map {
                SVGChart.Bar(label: $0.name, value: Double($0.lagSeconds ?? 0) / 3600, text: Self.lag($0.lagSeconds))
            }, title: "Time since the last sync per peer")
        let table = HTML.table(
            id: "sync",
            header: [
                "peer", "role", "regions", "state", "standing", "since last sync", "it lacks", "we lack", "error",
            ],
            rows: peers.map { p in
                [
                    HTML.Cell(p.name), HTML.Cell(p.role), HTML.Cell(p.regions), HTML.Cell(p.state),
                    HTML.Cell(p.standing, style: p.standing == "in-sync" ? nil : "warn"),
                    .figure(Self.lag(p.lagSeconds)), .figure(p.peerLacks.map(ReportFormat.count) ?? "?"),
                    .figure(p.weLack.map(ReportFormat.count) ?? "?"), HTML.Cell(p.lastError ?? "-"),
                ]
            })
        return HTML.section(
            id: "sync", title: "Sync health", summary: verdict, chart: peers.isEmpty ? nil : chart,
            tables: [peers.isEmpty ? HTML.note("No peers configured.") : table])
    }
}
