import Foundation

/// Carries validated records from an import's reading thread to its writing thread, a few chunks at a time: the
/// reader parses and validates the next records while SQLite writes the last ones, and at most `capacity` chunks
/// wait in between, so memory stays flat whatever the file's size.
///
/// `@unchecked Sendable`: every stored property is read and written only while `condition` is locked.
final class RecordHandOff: @unchecked Sendable {
    /// Records in file order and how far into the file the reader was after them.
    struct Chunk: Sendable {
        var records: [ImportReader.Record]
        var bytesRead: Int
    }

    private let condition = NSCondition()
    private let capacity: Int
    private var chunks: [Chunk] = []
    private var closed = false
    private var cancelled = false
    private var readerDone = false
    private var failure: ImportError?

    init(capacity: Int) { self.capacity = capacity }

    /// The reader's side: waits for room; false when the writer has given up (stop reading then).
    func send(_ chunk: Chunk) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while chunks.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        chunks.append(chunk)
        condition.broadcast()
        return true
    }

    /// The reader's side, last: no more chunks; `failure` says why the file ended early, if it did.
    func close(failure: ImportError?) {
        condition.lock()
        defer { condition.unlock() }
        self.failure = failure
        closed = true
        readerDone = true
        condition.broadcast()
    }

    /// The writer's side: the next chunk, or nil when the reader is done (then ``readFailure`` says why).
    func receive() -> Chunk? {
        condition.lock()
        defer { condition.unlock() }
        while chunks.isEmpty && !closed { condition.wait() }
        guard !chunks.isEmpty else { return nil }
        let chunk = chunks.removeFirst()
        condition.broadcast()
        return chunk
    }

    /// Why the file ended before its end, once ``receive()`` returned nil.
    var readFailure: ImportError? {
        condition.lock()
        defer { condition.unlock() }
        return failure
    }

    /// The writer's side, on every way out: tells the reader to stop and waits until it has.
    func finish() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        chunks.removeAll()
        condition.broadcast()
        while !readerDone { condition.wait() }
    }
}
