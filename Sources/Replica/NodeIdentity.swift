import Foundation

/// Who a node is: its random 128-bit site id (the origin stamped on every change it writes), name, role and
/// region.
public struct NodeIdentity: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
        case office
        case hq
    }

    public var siteID: UUID
    public var name: String
    public var role: Role
    public var region: String

    public init(siteID: UUID = UUID(), name: String, role: Role, region: String) {
        self.siteID = siteID
        self.name = name
        self.role = role
        self.region = region
    }
}
