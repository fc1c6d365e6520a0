import Analytics
import CRM
import Foundation
import Replica
import Report

/// `outpost report`: gathers one ``ReportData`` from the node's own analyses (the same code as `analytics tiers`,
/// `rfm`, `lifecycle`, `churn`, `clv`, `campaign report` and `status`), so each figure equals what that command
/// prints. With a region, the analyses still run over the whole node (models fitted and quintiles cut on all its
/// customers) and the report shows that region's customers.
public struct ReportBuilder: Sendable {
    public var asOf: CalendarDay
    /// Show only this region's customers; nil for the node's whole scope.
    public var region: String?
    /// Customers on the churn watchlist.
    public var watchlistLimit = 20
    /// Cohorts in the retention triangle (one per month).
    public var cohortMonths = 12
    /// When the report is made: the header's "generated at" and the reference of sync lags. Tests fix it.
    public var generatedAt: Date

    public init(asOf: CalendarDay, region: String? = nil, generatedAt: Date = Date()) {
        self.asOf = asOf
        self.region = region
        self.generatedAt = generatedAt
    }

    /// The report of the node in `directory`, read through read-only connections (it runs beside `serve`).
    public func build(_ directory: NodeDirectory) throws -> ReportData {
        let status = try StatusReport.load(directory, now: generatedAt)
        let replica = try directory.openReplicaForReading()
        let run = try AnalyticsRun.extract(from: replica, asOf: asOf)
        if let region, !run.features.regions.contains(region) {
            throw NodeError.invalidArgument(
                "no customer of region '\(region)' on this node (scope \(status.node.identity.region))")
        }
        let scope = Scope(run.features, region: region)
        let identity = status.node.identity
        let header = ReportHeader(
            node: identity.name, role: identity.role.rawValue, scope: identity.region, region: region,
            asOf: asOf.description, generatedAt: Timestamps.iso(generatedAt), customers: scope.indices.count,
            offices: status.peers.map {
                ReportHeader.OfficeSync(
                    name: $0.peer.name, role: $0.peer.role ?? "-", regions: $0.peer.region ?? "all",
                    lastSync: $0.record?.lastSync)
            })
        return ReportData(
            header: header, pyramid: pyramid(run, scope), rfm: rfm(run, scope), lifecycle: lifecycle(run, scope),
            watchlist: try watchlist(run, scope, replica), cohorts: try cohorts(run, replica),
            clv: clv(run, scope), campaigns: try campaigns(replica), sync: sync(status))
    }

    /// The customers the report shows: positions in the feature table.
    struct Scope {
        var indices: [Int]
        var contains: [Bool]
        /// Regions present, in name order.
        var regions: [String]

        init(_ features: CustomerFeatures, region: String?) {
            let contains = features.regions.map { region == nil || $0 == region }
            self.contains = contains
            indices = (0..<features.count).filter { contains[$0] }
            regions = Set(features.regions.filter { region == nil || $0 == region }).sorted()
        }
    }
}
