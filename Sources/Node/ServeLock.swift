import Foundation

/// The exclusive lock a running `outpost serve` holds on `serve.lock` in the node directory, so a second `serve`
/// on the same directory refuses to start instead of replacing the first one's `serve.pid` and competing for
/// its database.
///
/// An `flock` lock belongs to the open file: the kernel releases it when the process exits, even after
/// `kill -9`, so a crash never leaves a stale lock behind (unlike a pid file, which can only be judged stale).
public final class ServeLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    static func path(_ directory: NodeDirectory) -> String {
        directory.root.appendingPathComponent("serve.lock").path
    }

    /// Takes the lock, or throws naming the `serve` that holds it.
    public static func acquire(_ directory: NodeDirectory) throws -> ServeLock {
        let path = path(directory)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw NodeError.invalidArgument("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno
            close(descriptor)
            guard reason == EWOULDBLOCK else {
                throw NodeError.invalidArgument("cannot lock \(path): \(String(cString: strerror(reason)))")
            }
            let holder = ServeMarker.read(directory).map { " (pid \($0.pid))" } ?? ""
            throw NodeError.invalidArgument(
                "another `outpost serve`\(holder) is already running on \(directory.root.path); "
                    + "stop it first (one serve per node directory)")
        }
        return ServeLock(descriptor: descriptor)
    }
}
