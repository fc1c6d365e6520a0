import Replica
import SyncProtocol

extension Session {
    /// What a ``Session`` asks its driver to do. The driver performs actions in order; those that read the
    /// replica (`planBatch`, `applyBatch`, `offerDigest`, `compareDigest`) feed their result back as an event,
    /// whose actions it performs next.
    enum Action: Equatable {
        /// Send our Hello (identity, version vector and wall clock are the driver's to read).
        case sendHello
        /// Read the next batch the peer lacks beyond `after`, and report it with ``Session/planned(_:)``.
        case planBatch(after: SiteHeads, reason: PumpReason)
        /// Send this batch (already numbered; `changes` counts toward the peer's counters).
        case sendBatch(ChangeBatch)
        /// Send `CaughtUp` with our version vector as it is now.
        case sendCaughtUp
        /// Send `Ack` for this batch with our version vector as it is now (after the batch applied).
        case sendAck(batchNumber: UInt64)
        /// Send a heartbeat stamped with our wall clock.
        case sendHeartbeat
        /// Merge a received batch in one transaction, then report ``Session/batchApplied(number:)`` or why not.
        case applyBatch(ChangeBatch, senderHeads: SiteHeads)
        /// Compute a content digest for the peer's vector and send it if one is due (``DivergenceCheck``), then
        /// report ``Session/digestSent(at:)``.
        case offerDigest(peerHeads: SiteHeads)
        /// Compare the peer's digest with our content, then report ``Session/digestCompared(differing:)``.
        case compareDigest(ContentDigest)
        /// The handshake succeeded: journal it and record what the Hello told.
        case established(Established)
        /// Record a vector the peer reported; `verified` once it said it sent all it holds (cap it at ours).
        case notePeerHeads(SiteHeads, verified: Bool)
        /// Count a decoded message from the peer (its bytes) and note the contact.
        case noteContact(bytes: Int)
        /// Record a peer state now (not deferred with the counters).
        case record(state: PeerState?, synced: Bool)
        /// Flag the peer as diverged in these tables, journal and log it.
        case markDiverged(tables: [String])
        /// Clear the peer's divergence flag if the book holds one, and journal that.
        case clearDivergence
        /// Send this refusal (best effort: the session is ending or has ended).
        case refuse(Refusal)
        /// The session is over: the driver stops using it and reports `error` (a clean goodbye is
        /// ``SessionError/closedByPeer(_:)``).
        case end(SessionError)
    }

    /// Why a batch is being planned: only a pump that follows an Ack may complete the sync without sending
    /// `CaughtUp` again (ours went out while batches were still in flight).
    enum PumpReason: Equatable {
        case handshake
        case ack
        case batchSent
        case localCommit
    }

    /// What the peer's Hello told, for the peer book and the journal.
    struct Established: Equatable {
        var site: SiteID
        var name: String
        var region: String
        var heads: SiteHeads
        /// The peer's wall clock minus ours when its Hello arrived.
        var clockSkewMillis: Int64
    }

    /// A batch read for the peer: its changes in wire form and what it covers (compacted gaps included).
    struct PlannedBatch: Equatable {
        var changes: [Change]
        var covers: SiteHeads
    }
}
