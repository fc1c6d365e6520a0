import Foundation
import Replica
import SyncProtocol

@testable import Sync

/// An office and headquarters joined through memory: the two ``SessionDriver``s the sync loop would run for one
/// connection (the office dialling, headquarters accepting and granting the office's scope), with their real
/// replicas and peer books, and the bytes each sends queued for the other. No ZeroMQ, no threads, no sleeping:
/// a partition is a link that is not run, or one cut after some messages.
final class MemoryLink {
    /// Messages one side sent and the other has not read yet.
    final class Queue {
        var messages: [[UInt8]] = []
    }

    let office: SessionDriver
    let headquarters: SessionDriver
    private let toHeadquarters = Queue()
    private let toOffice = Queue()

    /// A session between `officeReplica` (known to headquarters as `officeName`, granted `scope`) and `hqReplica`
    /// (recorded on the office without a scope, as `peer add hq` does).
    init(
        office officeReplica: Replica, named officeName: String, headquarters hqReplica: Replica,
        granting scope: RegionScope?, batchSize: Int
    ) {
        var officeOptions = SessionDriver.Options()
        officeOptions.batchSize = batchSize
        var hqOptions = officeOptions
        hqOptions.session.grantedScope = scope
        let toHeadquarters = toHeadquarters
        let toOffice = toOffice
        office = SessionDriver(
            side: .initiator, peerName: "hq", replica: officeReplica, book: PeerBook(replica: officeReplica),
            options: officeOptions, logger: SyncHarness.logger, send: { toHeadquarters.messages.append($0) })
        headquarters = SessionDriver(
            side: .acceptor, peerName: officeName, replica: hqReplica, book: PeerBook(replica: hqReplica),
            options: hqOptions, logger: SyncHarness.logger, send: { toOffice.messages.append($0) })
    }

    /// Starts the session and delivers messages both ways, one at a time alternately, until neither side has
    /// anything to say or `limit` messages were delivered (the link drops there). Returns the messages
    /// delivered. A session that ends with an error throws it.
    @discardableResult
    func run(limit: Int = .max) throws -> Int {
        try office.start()
        var delivered = 0
        while delivered < limit && !(toHeadquarters.messages.isEmpty && toOffice.messages.isEmpty) {
            if !toHeadquarters.messages.isEmpty {
                try headquarters.receive(toHeadquarters.messages.removeFirst())
                delivered += 1
            }
            if delivered < limit && !toOffice.messages.isEmpty {
                try office.receive(toOffice.messages.removeFirst())
                delivered += 1
            }
            precondition(delivered < 100_000, "the sessions never go quiet")
        }
        return delivered
    }

    /// Whether both sides hold all the other has (in the scope between them) and said so.
    var isCaughtUp: Bool { office.isCaughtUp && headquarters.isCaughtUp }

    /// The link goes: what each side counted is written to its peer book, as when the sync loop drops a session.
    func drop() {
        office.flush()
        headquarters.flush()
    }
}
