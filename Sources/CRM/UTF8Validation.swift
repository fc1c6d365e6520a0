import Foundation

/// Finds where a file stops being UTF-8, by physical line, so an import can name the line to fix. The CSV reader
/// only says that decoding failed, and by then it has read past the record it was in.
enum UTF8Validation {
    /// The 1-based line holding the first byte sequence that is not UTF-8 (the line of its first byte), or nil
    /// when the file (or its first `lines` lines) is valid or cannot be read.
    static func firstInvalidLine(inFileAt path: String, within lines: Int = .max) -> Int? {
        guard let stream = InputStream(fileAtPath: path) else { return nil }
        stream.open()
        defer { stream.close() }
        var scanner = Scanner()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = stream.read(&buffer, maxLength: buffer.count)
            if count <= 0 { return scanner.finish() }
            for byte in buffer[0..<count] {
                if let line = scanner.feed(byte) { return line }
                if scanner.line > lines { return nil }
            }
        }
    }

    /// The UTF-8 well-formedness rules of Unicode (table 3-7): no overlong forms, surrogates or code points past
    /// U+10FFFF; the same sequences Swift's decoder refuses.
    struct Scanner {
        private(set) var line = 1
        private var pending = 0
        private var lower: UInt8 = 0x80
        private var upper: UInt8 = 0xBF
        private var sequenceLine = 1

        /// Takes one byte; returns the line of the broken sequence when this byte shows one.
        mutating func feed(_ byte: UInt8) -> Int? {
            if pending > 0 {
                guard (lower...upper).contains(byte) else { return sequenceLine }
                pending -= 1
                (lower, upper) = (0x80, 0xBF)
                return nil
            }
            if byte < 0x80 {
                if byte == 0x0A { line += 1 }
                return nil
            }
            sequenceLine = line
            switch byte {
            case 0xC2...0xDF: pending = 1
            case 0xE0: (pending, lower) = (2, 0xA0)
            case 0xE1...0xEC, 0xEE...0xEF: pending = 2
            case 0xED: (pending, upper) = (2, 0x9F)
            case 0xF0: (pending, lower) = (3, 0x90)
            case 0xF1...0xF3: pending = 3
            case 0xF4: (pending, upper) = (3, 0x8F)
            default: return line
            }
            return nil
        }

        /// At the end of the input: the line of a sequence cut short, if any.
        func finish() -> Int? { pending > 0 ? sequenceLine : nil }
    }
}
