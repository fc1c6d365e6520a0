import Foundation

/// Reads CSV records (RFC 4180, as Python's `csv` module and spreadsheets read them) from a file in fixed-size
/// chunks, byte by byte, so memory stays flat whatever the file's size and a million-row import does not pay for
/// decoding every Unicode scalar.
///
/// What it accepts, exactly as Python's `csv.reader` with its default dialect (a committed differential test
/// pins it, CSVReaderDifferentialTests): fields separated by commas; a field that starts with `"` is quoted, may
/// hold commas and line breaks, and `""` in it is one quote; a quote elsewhere is an ordinary character, and text
/// after a quoted field's closing quote is kept (`"ab"c` is `abc`); a record ends at LF, CRLF or a lone CR; a
/// blank line is a record of no fields; a file may end without a line break, and a quoted field left open runs to
/// the end of the file. A UTF-8 byte-order mark at the start is skipped.
///
/// Lines are counted the same way (LF, CRLF or a lone CR ends one), so ``recordLine`` is the line a record starts
/// on even when an earlier field spans lines.
///
/// ```swift
/// guard let reader = CSVRecordReader(path: "orders.csv") else { … }
/// while try reader.next() {
///     let fields = reader.strings()  // nil when a field is not UTF-8
/// }
/// ```
final class CSVRecordReader {
    /// Why reading stopped before the end of the file.
    enum Failure: Error, Equatable {
        /// The operating system refused a read (errno).
        case unreadable(code: Int32)
        /// A record grew past ``maxRecordBytes``: most likely a quote that was never closed.
        case recordTooLong(line: Int)
    }

    /// A record longer than this stops the read: far above any field an import accepts (64 KiB), so an oversized
    /// field is still rejected on its line, while a quote left open in a large file does not fill the memory.
    static let defaultMaxRecordBytes = 64 << 20
    let maxRecordBytes: Int

    private enum State {
        case startRecord, startField, inField, inQuoted, quoteInQuoted
    }

    /// The line the record last returned by ``next()`` starts on (the first line is 1).
    private(set) var recordLine = 1
    /// Bytes of the file consumed so far, for progress.
    var bytesRead: Int { chunkOffset + position }

    private let descriptor: Int32
    /// The chunk being read; owned by this reader, freed in `deinit`.
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private var position = 0
    private var limit = 0
    private var chunkOffset = 0
    private var atEnd = false
    /// The unquoted bytes of the current record's fields, back to back; `ends[i]` is where field `i` ends.
    private var data: [UInt8] = []
    private var ends: [Int] = []
    private var line = 1
    /// A CR ended the last record or line: a LF right after it belongs to the same line break.
    private var skipLineFeed = false
    /// Inside a quoted field, the byte before was a CR (a LF after it does not start another line).
    private var previousWasCR = false

    /// Opens `path` for reading, `chunkSize` bytes at a time (tests use tiny chunks to cut records anywhere); nil
    /// when it cannot be opened. The file is closed when the reader goes.
    init?(path: String, chunkSize: Int = 1 << 18, maxRecordBytes: Int = defaultMaxRecordBytes) {
        precondition(chunkSize > 0, "chunk size")
        self.maxRecordBytes = maxRecordBytes
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
        buffer = .allocate(capacity: chunkSize)
        var head: [UInt8] = [0, 0, 0]
        if pread(descriptor, &head, 3, 0) == 3 && head == Self.byteOrderMark {
            _ = lseek(descriptor, 3, SEEK_SET)
            chunkOffset = 3
        }
    }

    /// Reads from bytes in memory (tests, the fuzz target).
    init(bytes: [UInt8], maxRecordBytes: Int = defaultMaxRecordBytes) {
        self.maxRecordBytes = maxRecordBytes
        descriptor = -1
        buffer = .allocate(capacity: max(bytes.count, 1))
        _ = buffer.initialize(from: bytes)
        limit = bytes.count
        atEnd = true
        if bytes.starts(with: Self.byteOrderMark) { position = 3 }
    }

    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    deinit {
        buffer.deallocate()
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
    }

    /// The number of fields of the current record (0 for a blank line).
    var fieldCount: Int { ends.count }

    /// The raw bytes of field `index` of the current record, quotes removed.
    func withField<T>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        let start = index == 0 ? 0 : ends[index - 1]
        return try data.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<ends[index]])) }
    }

    /// The current record's fields as text, or nil when one of them is not UTF-8.
    func strings() -> [String]? {
        var fields: [String] = []
        fields.reserveCapacity(ends.count)
        let valid = data.withUnsafeBufferPointer { bytes -> Bool in
            var start = 0
            for end in ends {
                guard let text = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                else { return false }
                fields.append(text)
                start = end
            }
            return true
        }
        return valid ? fields : nil
    }

    /// The line of the current record's first byte that is not UTF-8 (the first byte of the broken sequence), or
    /// nil when every field is UTF-8. A record's line breaks are all inside its quoted fields, which keep them, so
    /// the line is counted from the record's start through the field bytes before that byte.
    func firstInvalidUTF8Line() -> Int? {
        data.withUnsafeBufferPointer { bytes -> Int? in
            var start = 0
            for end in ends {
                var iterator = UnsafeBufferPointer(rebasing: bytes[start..<end]).makeIterator()
                var parser = Unicode.UTF8.ForwardParser()
                var offset = start
                parsing: while true {
                    switch parser.parseScalar(from: &iterator) {
                    case .valid(let scalar): offset += scalar.count
                    case .emptyInput: break parsing
                    case .error:
                        // Line breaks in different fields are apart in the file (a comma and quotes between).
                        var line = recordLine
                        var fieldStart = 0
                        for fieldEnd in ends {
                            var previous: UInt8 = 0
                            for byte in bytes[fieldStart..<min(fieldEnd, offset)] {
                                if byte == Self.carriageReturn
                                    || (byte == Self.lineFeed && previous != Self.carriageReturn)
                                {
                                    line += 1
                                }
                                previous = byte
                            }
                            if fieldEnd >= offset { break }
                            fieldStart = fieldEnd
                        }
                        return line
                    }
                }
                start = end
            }
            return nil
        }
    }

    /// Moves to the next record; false at the end of the file.
    func next() throws(Failure) -> Bool {
        data.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        var state = State.startRecord
        while true {
            if position == limit {
                guard try refill() else {
                    // The end of the file ends the record in progress, even inside an unclosed quote.
                    if state == .startRecord { return false }
                    ends.append(data.count)
                    return true
                }
            }
            if skipLineFeed {
                skipLineFeed = false
                if buffer[position] == Self.lineFeed {
                    position += 1
                    continue
                }
            }
            if state == .startRecord { recordLine = line }
            if scan(&state) { return true }
            if data.count > maxRecordBytes { throw .recordTooLong(line: recordLine) }
        }
    }

    private static let quote: UInt8 = 0x22
    private static let comma: UInt8 = 0x2C
    private static let carriageReturn: UInt8 = 0x0D
    private static let lineFeed: UInt8 = 0x0A

    /// Consumes the buffered bytes until the record ends (true) or the buffer runs out (false). Works on local
    /// copies of the record's storage, so the hot loop pays no exclusivity checks on the class's properties.
    private func scan(_ state: inout State) -> Bool {
        let bytes = UnsafeBufferPointer(buffer)
        let end = limit
        var index = position
        var data = self.data
        var ends = self.ends
        self.data = []
        self.ends = []
        var line = self.line
        var previousWasCR = self.previousWasCR
        var lineBreak: UInt8?
        defer {
            position = index
            self.data = data
            self.ends = ends
            self.line = line
            self.previousWasCR = previousWasCR
            if let lineBreak {
                self.line += 1
                skipLineFeed = lineBreak == Self.carriageReturn
            }
        }
        while index < end {
            switch state {
            case .startRecord, .startField:
                let byte = bytes[index]
                if byte == Self.quote {
                    state = .inQuoted
                    previousWasCR = false
                    index += 1
                } else if byte == Self.comma {
                    ends.append(data.count)
                    state = .startField
                    index += 1
                } else if byte == Self.carriageReturn || byte == Self.lineFeed {
                    // A blank line is a record of no fields; after a comma, the last field is empty.
                    if state == .startField { ends.append(data.count) }
                    index += 1
                    lineBreak = byte
                    return true
                } else {
                    state = .inField
                }
            case .inField:
                let start = index
                while index < end {
                    let byte = bytes[index]
                    if byte == Self.comma || byte == Self.carriageReturn || byte == Self.lineFeed { break }
                    index += 1
                }
                data.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                guard index < end else { return false }
                let byte = bytes[index]
                index += 1
                ends.append(data.count)
                if byte == Self.comma {
                    state = .startField
                } else {
                    lineBreak = byte
                    return true
                }
            case .inQuoted:
                let start = index
                while index < end {
                    let byte = bytes[index]
                    if byte == Self.quote { break }
                    if byte == Self.carriageReturn {
                        line += 1
                        previousWasCR = true
                    } else {
                        if byte == Self.lineFeed && !previousWasCR { line += 1 }
                        previousWasCR = false
                    }
                    index += 1
                }
                data.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                guard index < end else { return false }
                index += 1
                state = .quoteInQuoted
            case .quoteInQuoted:
                let byte = bytes[index]
                if byte == Self.quote {
                    data.append(Self.quote)
                    state = .inQuoted
                    previousWasCR = false
                    index += 1
                } else if byte == Self.comma {
                    ends.append(data.count)
                    state = .startField
                    index += 1
                } else if byte == Self.carriageReturn || byte == Self.lineFeed {
                    ends.append(data.count)
                    index += 1
                    lineBreak = byte
                    return true
                } else {
                    // Text after a closing quote is kept, as spreadsheets and Python do.
                    state = .inField
                }
            }
        }
        return false
    }

    /// Reads the next chunk; false at the end of the file.
    private func refill() throws(Failure) -> Bool {
        guard !atEnd else { return false }
        chunkOffset += limit
        position = 0
        limit = 0
        while true {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count > 0 {
                limit = count
                return true
            }
            if count == 0 {
                atEnd = true
                return false
            }
            if errno != EINTR { throw .unreadable(code: errno) }
        }
    }
}
