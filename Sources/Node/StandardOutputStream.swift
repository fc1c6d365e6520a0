import Foundation
import Glibc

/// An `OutputStream` onto this process's standard output, for writers that take a stream (CSV exports).
///
/// Opening `/dev/stdout` instead would open the file again by name, which fails when standard output is a pipe
/// that another user created (a read-only node run under `setpriv`, `sudo -u`); this writes to descriptor 1 as
/// it was inherited.
public final class StandardOutputStream: OutputStream {
    private var status: Stream.Status = .notOpen

    public convenience init() { self.init(toMemory: ()) }

    /// The memory buffer of the base class stays unused: every write goes to descriptor 1.
    public required override init(toMemory: ()) { super.init(toMemory: ()) }

    public override var streamStatus: Stream.Status { status }
    public override var hasSpaceAvailable: Bool { status == .open }

    public override func open() { if status == .notOpen { status = .open } }
    public override func close() { status = .closed }

    public override func write(_ buffer: UnsafePointer<UInt8>, maxLength length: Int) -> Int {
        guard status == .open else { return -1 }
        var offset = 0
        while offset < length {
            let written = Glibc.write(STDOUT_FILENO, buffer + offset, length - offset)
            if written < 0 {
                if errno == EINTR { continue }
                status = .error
                return -1
            }
            offset += written
        }
        return length
    }
}
