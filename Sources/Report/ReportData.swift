/// Everything the report shows, as figures: built once by `Node` from the node's analyses, written as JSON by
/// `outpost report --json` and as one HTML page by ``ReportPage``. The page prints nothing that is not here, so
/// every figure on it equals the JSON's.
///
/// Adding a section (forecast and stock warnings are the next): a `Codable` section type in its own file with an
/// `html` property, an optional field here (absent sections are skipped), and one line in ``ReportPage/body``.
public struct ReportData: Codable, Sendable, Equatable {
    /// Version of this JSON shape; grows when a field changes meaning.
    public var format = 1
    public var header: ReportHeader
    public var pyramid: PyramidSection
    public var rfm: RFMSection
    public var lifecycle: LifecycleSection
    public var watchlist: WatchlistSection
    public var cohorts: CohortSection
    public var clv: CLVSection
    /// Launched campaigns; nil when none exists (the page leaves the section out).
    public var campaigns: CampaignSection?
    public var sync: SyncSection

    public init(
        header: ReportHeader, pyramid: PyramidSection, rfm: RFMSection, lifecycle: LifecycleSection,
        watchlist: WatchlistSection, cohorts: CohortSection, clv: CLVSection, campaigns: CampaignSection?,
        sync: SyncSection
    ) {
        self.header = header
        self.pyramid = pyramid
        self.rfm = rfm
        self.lifecycle = lifecycle
        self.watchlist = watchlist
        self.cohorts = cohorts
        self.clv = clv
        self.campaigns = campaigns
        self.sync = sync
    }
}
