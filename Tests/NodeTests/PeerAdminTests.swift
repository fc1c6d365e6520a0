import Foundation
import Node
import Testing
import ZeroMQ

/// `peer add|remove|list` through the node layer: what the CLI calls.
@Suite struct PeerAdminTests {
    private func key() throws -> String { try CurveKeyPair.generate().publicKey.z85 }

    @Test func addThenListThenRemove() throws {
        let node = try NodeFixture()
        let hqKey = try key()
        let westKey = try key()
        try PeerAdmin.add(
            node.directory, name: "hq", endpoint: "tcp://127.0.0.1:7701", key: hqKey, role: "hq", region: "all")
        try PeerAdmin.add(node.directory, name: "west", endpoint: nil, key: westKey, role: nil, region: nil)
        let peers = try PeerAdmin.list(node.directory)
        #expect(peers.map(\.name) == ["hq", "west"])
        #expect(peers.first?.endpoint == "tcp://127.0.0.1:7701" && peers.first?.publicKey == hqKey)
        #expect(peers.last?.endpoint == nil && peers.last?.role == nil)

        try PeerAdmin.remove(node.directory, name: "hq")
        #expect(try PeerAdmin.list(node.directory).map(\.name) == ["west"])
        let missing = try #require(throws: NodeError.self) { try PeerAdmin.remove(node.directory, name: "hq") }
        #expect("\(missing)" == "no peer named hq: see `outpost peer list`")
    }

    @Test func aDuplicateNameIsRefused() throws {
        let node = try NodeFixture()
        try PeerAdmin.add(node.directory, name: "hq", endpoint: nil, key: try key(), role: nil, region: nil)
        let error = try #require(throws: NodeError.self) {
            try PeerAdmin.add(node.directory, name: "hq", endpoint: nil, key: try key(), role: nil, region: nil)
        }
        #expect("\(error)" == "a peer named hq exists; `outpost peer remove hq` first")
        #expect(try PeerAdmin.list(node.directory).count == 1)
    }

    @Test func aDuplicateKeyIsRefused() throws {
        let node = try NodeFixture()
        let shared = try key()
        try PeerAdmin.add(node.directory, name: "hq", endpoint: nil, key: shared, role: nil, region: nil)
        let error = try #require(throws: NodeError.self) {
            try PeerAdmin.add(node.directory, name: "other", endpoint: nil, key: shared, role: nil, region: nil)
        }
        #expect("\(error)" == "that key already belongs to peer hq")
        #expect(try PeerAdmin.list(node.directory).map(\.name) == ["hq"])
    }

    @Test func badArgumentsAreRefusedBeforeAnythingIsWritten() throws {
        let node = try NodeFixture()
        #expect(throws: NodeError.self) {
            try PeerAdmin.add(
                node.directory, name: "a", endpoint: "127.0.0.1:7701", key: try key(), role: nil, region: nil)
        }
        #expect(throws: NodeError.self) {
            try PeerAdmin.add(node.directory, name: "b", endpoint: nil, key: "short", role: nil, region: nil)
        }
        #expect(throws: NodeError.self) {
            try PeerAdmin.add(node.directory, name: "c", endpoint: nil, key: try key(), role: "boss", region: nil)
        }
        #expect(try PeerAdmin.list(node.directory).isEmpty)
    }

    @Test func listJSONHasTheDocumentedShape() throws {
        let node = try NodeFixture()
        let hqKey = try key()
        try PeerAdmin.add(
            node.directory, name: "hq", endpoint: "tcp://127.0.0.1:7701", key: hqKey, role: "hq", region: "all")
        try PeerAdmin.add(node.directory, name: "west", endpoint: nil, key: try key(), role: nil, region: nil)
        let text = PeerAdmin.json(try PeerAdmin.list(node.directory)).serialized()
        let array = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(array.count == 2)
        for object in array {
            #expect(Set(object.keys) == ["added_at", "endpoint", "name", "public_key", "region", "role"])
        }
        #expect(array[0]["name"] as? String == "hq")
        #expect(array[0]["endpoint"] as? String == "tcp://127.0.0.1:7701")
        #expect(array[0]["public_key"] as? String == hqKey)
        #expect(array[0]["role"] as? String == "hq" && array[0]["region"] as? String == "all")
        #expect((array[0]["added_at"] as? String)?.hasSuffix("Z") == true)
        #expect(array[1]["endpoint"] is NSNull && array[1]["role"] is NSNull && array[1]["region"] is NSNull)
        #expect(PeerAdmin.text([]).hasPrefix("no peers"))
    }
}
