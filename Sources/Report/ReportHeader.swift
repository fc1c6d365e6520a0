/// Who made the report, of what, as of when, and how fresh each office's data is as this node knows it.
public struct ReportHeader: Codable, Sendable, Equatable {
    /// One peer's last sync as this node recorded it: a reader of HQ's report sees how old each office's part is.
    public struct OfficeSync: Codable, Sendable, Equatable {
        public var name: String
        public var role: String
        public var regions: String
        /// ISO time of the last completed sync with it; nil if never.
        public var lastSync: String?

        public init(name: String, role: String, regions: String, lastSync: String?) {
            self.name = name
            self.role = role
            self.regions = regions
            self.lastSync = lastSync
        }
    }

    public var node: String
    public var role: String
    /// The regions this node holds (`all` for HQ).
    public var scope: String
    /// The one region the report is limited to (`--region`), or nil for the node's whole scope.
    public var region: String?
    public var asOf: String
    public var generatedAt: String
    public var customers: Int
    public var offices: [OfficeSync]

    public init(
        node: String, role: String, scope: String, region: String?, asOf: String, generatedAt: String,
        customers: Int, offices: [OfficeSync]
    ) {
        self.node = node
        self.role = role
        self.scope = scope
        self.region = region
        self.asOf = asOf
        self.generatedAt = generatedAt
        self.customers = customers
        self.offices = offices
    }

    var title: String { "Outpost report: \(node)" + (region.map { ", region \($0)" } ?? "") + ", as of \(asOf)" }

    var html: String {
        var facts: [[HTML.Cell]] = [
            [HTML.Cell("node"), HTML.Cell("\(node) (\(role))")],
            [HTML.Cell("scope"), HTML.Cell(scope + (region.map { "; this report: region \($0)" } ?? ""))],
            [HTML.Cell("as of"), HTML.Cell("start of \(asOf) (UTC); later orders are not counted")],
            [HTML.Cell("generated at"), HTML.Cell(generatedAt)],
        ]
        facts.append([HTML.Cell("customers"), HTML.Cell.figure(ReportFormat.count(customers))])
        var out = "<header><h1>\(HTML.escape(title))</h1><div class=\"pair\"><div class=\"numbers\">"
        out += HTML.table(id: "header", header: ["", ""], rows: facts) + "</div><div class=\"numbers\">"
        if offices.isEmpty {
            out += HTML.note("No peers: this node has not synced with any office.")
        } else {
            out += HTML.table(
                id: "offices", caption: "Last sync with each peer, as this node knows it",
                header: ["peer", "role", "regions", "last sync"],
                rows: offices.map {
                    [HTML.Cell($0.name), HTML.Cell($0.role), HTML.Cell($0.regions), HTML.Cell($0.lastSync ?? "never")]
                })
        }
        return out + "</div></div></header>"
    }
}
