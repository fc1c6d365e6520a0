import Foundation
import SyncProtocol

/// Who a node is: its random 128-bit site id (the origin stamped on every change it writes), name, role and
/// region.
public struct NodeIdentity: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
        case office
        case hq
    }

    public var siteID: SiteID
    public var name: String
    public var role: Role
    public var region: String

    public init(siteID: SiteID = .random(), name: String, role: Role, region: String) {
        self.siteID = siteID
        self.name = name
        self.role = role
        self.region = region
    }
}
