import Foundation
import Replica
import SyncProtocol

/// Cuts what a peer lacks into batches it can accept: at most `maxChanges` changes and, past the first,
/// `maxBytes` encoded bytes, so a few large values never make a batch that the peer refuses as oversized.
///
/// A change that could never be accepted, alone in a batch, under the wire's limits (a text or blob above
/// `maxStringBytes`, or a change above `maxMessageBytes` less room for the batch around it) or the receiver's
/// value rules (`ChangeAdmission`: a text above 1 MiB, a word that is not a channel, ...) is quarantined:
/// skipped, journalled and recorded for `status` and `doctor`, instead of being refused and resent forever.
/// The batch's `covers` still includes its sequence, so the peer's vector moves past it as it does past a
/// superseded change: the peer does not hold that value and never asks for it again; a later edit of the same
/// cell supersedes it and replicates normally.
struct BatchPlanner {
    struct Batch {
        var changes: [Change]
        var covers: SiteHeads
        var bytes: Int
    }

    /// Room left in a message for everything of a batch but its changes (header, number, covers, site table).
    static let batchOverhead = 64 << 10

    let replica: Replica
    let book: PeerBook
    let peerName: String
    let maxChanges: Int
    let maxBytes: Int
    let limits: DecodingLimits
    /// The scope granted to the peer: changes outside it are not sent (but covered).
    let scope: RegionScope
    /// The row count of the last batch cut down to `maxBytes`, where the next read starts (nil: `maxChanges`).
    private var fittingLimit: Int?

    init(
        replica: Replica, book: PeerBook, peerName: String, maxChanges: Int, maxBytes: Int, limits: DecodingLimits,
        scope: RegionScope = .all
    ) {
        self.scope = scope
        self.replica = replica
        self.book = book
        self.peerName = peerName
        self.maxChanges = max(1, maxChanges)
        self.maxBytes = max(1, maxBytes)
        self.limits = limits
    }

    /// The next batch after `heads`; empty changes with raised `covers` when only skipped sequences remain.
    mutating func next(after heads: SiteHeads) throws -> Batch {
        var limit = fittingLimit ?? maxChanges
        while true {
            let read = try replica.outgoingBatch(after: heads, limit: limit, scope: scope)
            let tables = replica.tables
            var changes: [Change] = []
            changes.reserveCapacity(read.changes.count)
            var bytes = 0
            var skipped: [(change: ReplicaChange, bytes: Int, reason: String)] = []
            var cut: Int?
            for (index, change) in read.changes.enumerated() {
                // A change that moved a row into the peer's scope travels with the row's backfill, as one unit.
                var unit: [Change] = []
                var unitBytes = 0
                for member in [change] + (read.backfill[index] ?? []) {
                    let wire = WireMapping.change(member)
                    let size = wire.encodedSize
                    if let reason = unsendable(wire, size: size)
                        ?? ChangeAdmission.problem(with: member, tables: tables)
                    {
                        skipped.append((member, size, reason))
                        continue
                    }
                    unit.append(wire)
                    unitBytes += size
                }
                if bytes + unitBytes > maxBytes && !changes.isEmpty {
                    cut = index
                    break
                }
                changes += unit
                bytes += unitBytes
            }
            // Read again with fewer rows rather than trimming: the reader computes `covers` for exactly what it
            // returns (compacted gaps included). `cut` is at least 1 and below `limit`, so this ends.
            if let cut {
                limit = cut
                fittingLimit = cut
                continue
            }
            // Start the next read at the count that fitted, so rows of one size are not read twice per batch; grow
            // back once batches leave half the bytes unused (smaller rows).
            if let fitted = fittingLimit, bytes <= maxBytes / 2 {
                fittingLimit = fitted * 2 >= maxChanges ? nil : fitted * 2
            }
            for item in skipped { quarantine(item.change, bytes: item.bytes, reason: item.reason) }
            return Batch(changes: changes, covers: read.covers, bytes: bytes)
        }
    }

    /// Why `change` can never travel under `limits`, or nil.
    func unsendable(_ change: Change, size: Int) -> String? {
        for value in change.key + change.values {
            let length: Int
            switch value {
            case .text(let text): length = text.utf8.count
            case .blob(let blob): length = blob.count
            default: continue
            }
            if length > limits.maxStringBytes {
                return "a value of \(length) bytes exceeds the wire limit of \(limits.maxStringBytes)"
            }
        }
        if change.values.count > limits.maxValuesPerChange {
            return "\(change.values.count) values exceed the wire limit of \(limits.maxValuesPerChange)"
        }
        if size > limits.maxMessageBytes - Self.batchOverhead {
            return "\(size) bytes exceed the wire's message limit of \(limits.maxMessageBytes)"
        }
        return nil
    }

    private func quarantine(_ change: ReplicaChange, bytes: Int, reason: String) {
        book.quarantine(change, bytes: bytes, reason: reason)
        let table = replica.tables.table(id: change.table)?.name ?? "table \(change.table)"
        book.event(
            "quarantine", peer: peerName,
            "change \(table)/\(change.key.joined(separator: "/")) (seq \(change.version.seq)) too large to "
                + "replicate, not sent: \(reason)")
    }
}
