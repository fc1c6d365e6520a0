import Foundation
import Replica
import SyncProtocol
import Testing

@testable import Sync

/// The handshake's scope check in memory: a peer recorded with a scope must claim exactly that scope in its Hello.
@Suite struct SessionScopeTests {
    static let wall: UInt64 = 1_800_000_000_000
    let start = ContinuousClock.now

    func acceptor(granting scope: RegionScope?) -> Session {
        var options = Session.Options()
        options.ownSite = SiteID.random()
        options.grantedScope = scope
        return Session(side: .acceptor, options: options, now: start)
    }

    func hello(role: String, region: String) -> [UInt8] {
        SyncMessage.v1(
            .hello(
                Hello(
                    nodeID: SiteID.random(), name: "peer", role: role, region: region, protocolVersion: 1,
                    schemaVersion: Replica.schemaVersion, versionVector: VersionVector(), sentAtMillis: Self.wall))
        ).encode()
    }

    func refusal(_ actions: [Session.Action]) -> Refusal? {
        for action in actions { if case .refuse(let refusal) = action { return refusal } }
        return nil
    }

    @Test func aHelloClaimingTheGrantedScopeIsAccepted() {
        for (granted, role, region) in [
            (RegionScope.regions(["east"]), "office", "east"),
            (.regions(["east", "north"]), "office", "north,east"),
            (.all, "hq", "anything"),
        ] {
            var session = acceptor(granting: granted)
            let actions = session.received(hello(role: role, region: region), at: start, wallMillis: Self.wall)
            #expect(refusal(actions) == nil, "\(granted) \(role) \(region)")
            #expect(actions.contains(.sendHello))
        }
    }

    @Test func aHelloClaimingAnotherScopeIsRefusedWithScopeMismatch() {
        for (granted, role, region, claimed) in [
            (RegionScope.regions(["east"]), "office", "north", "north"),
            (.regions(["east"]), "office", "east,north", "east,north"),
            (.regions(["east"]), "hq", "east", "all"),
            (.all, "office", "east", "east"),
        ] {
            var session = acceptor(granting: granted)
            let actions = session.received(hello(role: role, region: region), at: start, wallMillis: Self.wall)
            let refused = refusal(actions)
            #expect(refused?.code == .scopeMismatch)
            #expect(
                refused?.reason
                    == "peer claims region scope \(claimed) but was granted \(granted) (`outpost peer add --region`)")
            #expect(!actions.contains(.sendHello))
            #expect(session.peerSite == nil)
        }
    }

    @Test func aPeerRecordedWithoutAScopeIsNotChecked() {
        var session = acceptor(granting: nil)
        let actions = session.received(hello(role: "office", region: "west"), at: start, wallMillis: Self.wall)
        #expect(refusal(actions) == nil)
    }

    @Test func scopesParseAndIntersect() {
        #expect(RegionScope(parsing: "all") == .all)
        #expect(RegionScope(parsing: " east , north") == .regions(["east", "north"]))
        for bad in ["", ",", "east,", "all,east"] { #expect(RegionScope(parsing: bad) == nil, "\(bad)") }
        #expect(RegionScope.all.intersection(.regions(["east"])) == .regions(["east"]))
        #expect(RegionScope.regions(["east", "north"]).intersection(.regions(["north"])).description == "north")
        #expect(RegionScope.regions(["east"]).contains("east"))
        #expect(!RegionScope.regions(["east"]).contains(nil))
        #expect(RegionScope.all.contains(nil))
    }
}
