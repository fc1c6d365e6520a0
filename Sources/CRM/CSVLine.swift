import Foundation

/// One CSV record as Outpost writes it (RFC 4180): fields separated by commas, a field quoted when it holds a
/// quote, comma, carriage return or line feed, quotes inside doubled, the record ended by a line feed.
///
/// The test is on Unicode scalars, not on Swift's `Character`s: a quote or comma followed by a combining mark
/// (`"` + U+0351) is one `Character` that is not equal to `"`, so a `Character`-based writer (CSV.swift's
/// `CSVWriter`) leaves such a field unquoted and the reader, which works on scalars, then splits or unquotes it.
///
/// ```swift
/// CSVLine.encode(["a", "b,c", "say \"hi\""])  // "a,\"b,c\",\"say \"\"hi\"\"\"\n"
/// ```
enum CSVLine {
    /// The record as text, line feed included.
    static func encode(_ fields: [String]) -> String {
        var line = String.UnicodeScalarView()
        for (index, field) in fields.enumerated() {
            if index > 0 { line.append(",") }
            guard field.unicodeScalars.contains(where: needsQuotes) else {
                line.append(contentsOf: field.unicodeScalars)
                continue
            }
            line.append("\"")
            for scalar in field.unicodeScalars {
                if scalar == "\"" { line.append("\"") }
                line.append(scalar)
            }
            line.append("\"")
        }
        line.append("\n")
        return String(line)
    }

    /// Writes the record to `stream`; throws when the stream refuses it (e.g. the disk is full).
    static func write(_ fields: [String], to stream: OutputStream) throws(CSVLineError) {
        var output = StreamText(stream: stream)
        guard output.write(encode(fields)) else { throw CSVLineError() }
    }

    private static func needsQuotes(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\"" || scalar == "," || scalar == "\r" || scalar == "\n"
    }
}

/// A CSV record could not be written.
struct CSVLineError: Error, CustomStringConvertible {
    var description: String { "cannot write to the output stream" }
}
