import CZeroMQ
import Synchronization

/// Wakes a node loop that is blocked in ``Poller/poll(timeout:)`` from any thread.
///
/// ```swift
/// let (waker, wakeups) = try Waker.make(in: context)   // on the loop's thread
/// poller.add(wakeups)
/// // another thread, after a local commit:
/// waker.wake()
/// // the loop, when `wakeups` is readable:
/// while try wakeups.receive(wait: .never) != nil {}
/// ```
///
/// The waker owns a PUSH socket connected to the loop's PULL socket over `inproc://`. Close it with ``close()``
/// before its context should end; like a ``Socket``, dropping an open waker asserts in debug builds.
public final class Waker: Sendable {
    // Sendable without @unchecked: the PUSH handle lives in a Mutex, so every use of it (wake, close) happens under
    // the lock. The lock is a full memory barrier, which is what libzmq requires to use a socket from successive
    // threads, and it keeps two threads from using the socket at once.
    private let push: Mutex<PushSocket?>
    private let context: Context

    private struct PushSocket: ~Copyable {
        let handle: UnsafeMutableRawPointer
    }

    private init(context: Context, handle: sending UnsafeMutableRawPointer) {
        self.context = context
        self.push = Mutex(PushSocket(handle: handle))
    }

    /// Creates a waker and the PULL socket the loop polls. The loop owns that socket and closes it.
    public static func make(in context: Context) throws(ZMQError) -> (waker: Waker, socket: Socket) {
        let serial = wakerSerial.wrappingAdd(1, ordering: .relaxed).newValue
        let endpoint = "inproc://outpost.waker.\(serial)"
        let pull = try Socket(context, type: .pull)
        do throws(ZMQError) {
            try pull.bind(endpoint)
            guard let handle = zmq_socket(context.handle, ZMQ_PUSH) else { throw lastZMQError("zmq_socket(PUSH)") }
            do {
                _ = try zmqCall("zmq_connect(\(endpoint))") { zmq_connect(handle, endpoint) }
            } catch {
                zmq_close(handle)
                throw error
            }
            return (Waker(context: context, handle: handle), pull)
        } catch {
            pull.close()
            throw error
        }
    }

    deinit {
        push.withLock { socket in
            guard let open = socket.take() else { return }
            assertionFailure("Waker deallocated while open: call close() when done with it")
            zmq_close(open.handle)
        }
    }

    /// Queues one empty wake-up message; never blocks. Wake-ups coalesce: when the loop has not drained the
    /// previous ones and the queue is full, this one is dropped, as the loop will wake anyway. Does nothing after
    /// ``close()``.
    public func wake() {
        push.withLock { socket in
            guard let handle = socket?.handle else { return }
            _ = zmq_send(handle, nil, 0, ZMQ_DONTWAIT)
        }
    }

    /// Closes the waker's socket. Idempotent.
    public func close() {
        push.withLock { socket in
            if let open = socket.take() { zmq_close(open.handle) }
        }
    }
}

private let wakerSerial = Atomic<Int>(0)
