import CZeroMQ
import Synchronization

/// Numbers the monitor endpoints, which must be unique in the `inproc://` namespace of a context.
private let monitorSerial = Atomic<Int>(0)

extension Socket {
    /// Starts monitoring this socket's connections and returns the PAIR socket on which the events arrive.
    ///
    /// Poll the returned socket with the others in the node's ``Poller`` and read it with
    /// ``receiveMonitorEvent(wait:)``. The caller owns it and closes it. When this socket closes, the monitor
    /// receives ``SocketEvent/monitorStopped`` last. See
    /// [zmq_socket_monitor](http://api.zeromq.org/4-3:zmq-socket-monitor).
    public func monitor(events: SocketEvent = .all) throws(ZMQError) -> Socket {
        let serial = monitorSerial.wrappingAdd(1, ordering: .relaxed).newValue
        let endpoint = "inproc://outpost.monitor.\(serial)"
        _ = try zmqCall("zmq_socket_monitor(\(endpoint))") {
            zmq_socket_monitor(handle, endpoint, Int32(bitPattern: events.rawValue))
        }
        let pair = try Socket(context, type: .pair)
        do {
            try pair.connect(endpoint)
        } catch {
            pair.close()
            throw error
        }
        return pair
    }

    /// Reads one event from a socket returned by ``monitor(events:)``; `nil` when none arrived in time.
    public func receiveMonitorEvent(wait: Wait = .forever) throws(ZMQError) -> MonitorEvent? {
        guard let frames = try receive(wait: wait) else { return nil }
        guard let event = MonitorEvent(frames: frames) else {
            preconditionFailure("receiveMonitorEvent on a socket that is not a monitor: \(frames.count) frames")
        }
        return event
    }
}
