import Crypto
import Foundation

/// One entry of a node's audit chain (`outpost_audit`): who did what to which object, when, chained to the
/// entry before it by hash so an edited, deleted or reordered entry breaks every hash after it.
///
/// `hash = SHA-256(previousHash ‖ canonical)`, as lowercase hex; the first entry's `previousHash` is 64 zeros.
/// The canonical form (``canonical``) is each field as a netstring, `<UTF-8 byte count>:<bytes>,`, in the order
/// node, seq, hlc, actor, action, object, detail — unambiguous whatever the fields contain.
/// The detail holds counts and keys, never personal values (docs/privacy.md).
public struct AuditEntry: Sendable, Equatable {
    /// The node whose chain this is (its site id, `8-4-4-4-12`).
    public var node: String
    /// 1, 2, 3… without gaps within a node's chain.
    public var seq: Int64
    /// Hybrid-logical-clock time of the entry.
    public var hlc: UInt64
    /// `user@node`: the operating-system user and the node name.
    public var actor: String
    public var action: String
    public var object: String
    public var detail: String
    public var previousHash: String
    public var hash: String

    /// The previous hash of a chain's first entry.
    public static let genesis = String(repeating: "0", count: 64)

    public init(
        node: String, seq: Int64, hlc: UInt64, actor: String, action: String, object: String, detail: String,
        previousHash: String
    ) {
        self.node = node
        self.seq = seq
        self.hlc = hlc
        self.actor = actor
        self.action = action
        self.object = object
        self.detail = detail
        self.previousHash = previousHash
        self.hash = ""
        self.hash = computedHash()
    }

    /// The entry's fields as hashed.
    public var canonical: Data {
        var data = Data()
        for field in [node, String(seq), String(hlc), actor, action, object, detail] {
            let bytes = Data(field.utf8)
            data.append(contentsOf: Array("\(bytes.count):".utf8))
            data.append(bytes)
            data.append(UInt8(ascii: ","))
        }
        return data
    }

    /// SHA-256 of the previous hash's bytes and the canonical entry, in hex.
    public func computedHash() -> String {
        var hasher = SHA256()
        hasher.update(data: Self.bytes(hex: previousHash) ?? Data(previousHash.utf8))
        hasher.update(data: canonical)
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Wall-clock time of the entry, ISO 8601.
    public var at: String { Timestamps.iso(millis: Int64(HybridLogicalClock.millis(of: hlc))) }

    static func bytes(hex: String) -> Data? {
        guard hex.utf8.count == 64 else { return nil }
        var data = Data()
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            data.append(byte)
            index = next
        }
        return data
    }
}
