import CZeroMQ

/// What a socket is ready for, in ``Poller``.
public struct PollEvents: OptionSet, Sendable, Hashable {
    /// The bit mask libzmq uses (`ZMQ_POLLIN`, …).
    public let rawValue: Int16
    /// Wraps a libzmq poll mask.
    public init(rawValue: Int16) { self.rawValue = rawValue }

    /// At least one message can be received without blocking (`ZMQ_POLLIN`).
    public static let readable = PollEvents(rawValue: Int16(ZMQ_POLLIN))
    /// At least one message can be sent without blocking (`ZMQ_POLLOUT`).
    public static let writable = PollEvents(rawValue: Int16(ZMQ_POLLOUT))
}

/// Waits on several sockets at once (`zmq_poll`): the heart of a single-threaded node loop.
///
/// Like its sockets, a poller belongs to one thread.
///
/// ```swift
/// let poller = Poller()
/// poller.add(router)
/// poller.add(wakeSocket)
/// while running {
///     try poller.poll(timeout: .milliseconds(100))
///     if poller.isReadable(router) { handle(try router.receiveMessage(wait: .never)) }
///     if poller.isReadable(wakeSocket) { drain(wakeSocket) }
/// }
/// ```
///
/// See [zmq_poll](http://api.zeromq.org/4-3:zmq-poll).
public final class Poller {
    private var sockets: [Socket] = []
    private var items: [zmq_pollitem_t] = []

    /// An empty poller.
    public init() {}

    /// The sockets polled, in the order added.
    public var registered: [Socket] { sockets }

    /// Adds `socket`, or changes the events it is polled for if it is already there.
    public func add(_ socket: Socket, events: PollEvents = .readable) {
        if let index = index(of: socket) {
            items[index].events = events.rawValue
            return
        }
        sockets.append(socket)
        items.append(zmq_pollitem_t(socket: socket.handle, fd: 0, events: events.rawValue, revents: 0))
    }

    /// Stops polling `socket`. Do this before closing a socket that stays registered.
    public func remove(_ socket: Socket) {
        guard let index = index(of: socket) else { return }
        sockets.remove(at: index)
        items.remove(at: index)
    }

    /// Waits until a registered socket is ready or `timeout` passes (`nil`: forever; zero: just look).
    /// - Returns: how many sockets are ready; read which with ``events(of:)`` or ``isReadable(_:)``.
    /// - Throws: ``ZMQError/Code/terminated`` once the context shuts down.
    @discardableResult
    public func poll(timeout: Duration?) throws(ZMQError) -> Int {
        for index in items.indices {
            precondition(!sockets[index].isClosed, "poll over a closed \(sockets[index].type) socket: remove it first")
            items[index].revents = 0
        }
        let count = items.count
        return Int(
            try zmqCall("zmq_poll") {
                items.withUnsafeMutableBufferPointer { zmq_poll($0.baseAddress, Int32(count), pollTimeout(timeout)) }
            })
    }

    /// The events `socket` was ready for at the last ``poll(timeout:)`` (empty if not registered).
    public func events(of socket: Socket) -> PollEvents {
        guard let index = index(of: socket) else { return [] }
        return PollEvents(rawValue: items[index].revents)
    }

    /// Whether `socket` had a message to receive at the last ``poll(timeout:)``.
    public func isReadable(_ socket: Socket) -> Bool { events(of: socket).contains(.readable) }

    private func index(of socket: Socket) -> Int? { sockets.firstIndex { $0 === socket } }
}

@available(*, unavailable)
extension Poller: Sendable {}
