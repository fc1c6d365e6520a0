import CZeroMQ

/// The ZeroMQ socket patterns this layer supports. See [zmq_socket](http://api.zeromq.org/4-3:zmq-socket).
public enum SocketType: Sendable, Hashable, CustomStringConvertible {
    /// Addresses each message to a peer by its routing id (first frame); the node's listening socket.
    case router
    /// Round-robins to, and fair-queues from, its peers; one per remote node.
    case dealer
    /// Publishes to every matching subscriber.
    case pub
    /// Receives the topics it subscribed to (see ``SocketOption/subscribe``).
    case sub
    /// An exclusive pair, for monitors and wake-ups over `inproc://`.
    case pair
    /// Pushes to a pipeline of pullers.
    case push
    /// Pulls from a pipeline of pushers.
    case pull
    /// Strict request-reply client.
    case req
    /// Strict request-reply server.
    case rep

    var rawValue: Int32 {
        switch self {
        case .router: ZMQ_ROUTER
        case .dealer: ZMQ_DEALER
        case .pub: ZMQ_PUB
        case .sub: ZMQ_SUB
        case .pair: ZMQ_PAIR
        case .push: ZMQ_PUSH
        case .pull: ZMQ_PULL
        case .req: ZMQ_REQ
        case .rep: ZMQ_REP
        }
    }

    /// The libzmq name, such as `ROUTER`.
    public var description: String {
        switch self {
        case .router: "ROUTER"
        case .dealer: "DEALER"
        case .pub: "PUB"
        case .sub: "SUB"
        case .pair: "PAIR"
        case .push: "PUSH"
        case .pull: "PULL"
        case .req: "REQ"
        case .rep: "REP"
        }
    }
}
