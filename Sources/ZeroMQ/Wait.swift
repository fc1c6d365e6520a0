/// How long a send or receive may wait.
public enum Wait: Sendable, Hashable {
    /// Block until done (a receive still honours ``SocketOption/receiveTimeout``).
    case forever
    /// Do not block (`ZMQ_DONTWAIT`).
    case never
    /// Block at most this long.
    case timeout(Duration)
}
