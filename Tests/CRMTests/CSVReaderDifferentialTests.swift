import Foundation
import TestSupport
import Testing

@testable import CRM

/// The CSV reader parses exactly as Python's `csv` module does: fixtures/csv-reference.json holds Python's parses
/// (scripts/csv-reference.py) of generated edge cases (quotes, doubled quotes, CRLF, lone CR, BOM, embedded line
/// breaks, empty fields, stray quotes, bytes that are not UTF-8) and of every CSV file under fixtures/. Each case is
/// read from a file in chunks of 1, 2, 3, 7 and the default size, so records are cut at every possible place.
@Suite struct CSVReaderDifferentialTests {
    struct Reference: Decodable {
        var python: String
        var cases: [Case]
    }

    struct Case: Decodable {
        var name: String
        var recordCount: Int
        var hash: String
        var firstInvalidLine: Int?
        var inputHex: String?
        var records: [Record]?
    }

    struct Record: Decodable, Equatable {
        var line: Int
        var fields: [Field]
    }

    /// A field as text, or as hex when it is not UTF-8.
    enum Field: Decodable, Equatable {
        case text(String)
        case hex(String)

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .text(text)
            } else {
                self = .hex(try container.decode([String: String].self)["hex"] ?? "")
            }
        }

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            if let text = String(validating: bytes, as: UTF8.self) {
                self = .text(text)
            } else {
                self = .hex(bytes.map { String(format: "%02x", $0) }.joined())
            }
        }
    }

    /// What the reader made of one input.
    struct Parse {
        var records: [Record] = []
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        var count = 0
        var firstInvalidLine: Int?
        /// Whether ``CSVRecordReader/strings()`` was nil exactly for the records with a field that is not UTF-8.
        var stringsAgree = true

        mutating func hash(_ bytes: some Sequence<UInt8>) {
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        }
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let reference: Reference = {
        let data = try! Data(contentsOf: root.appendingPathComponent("fixtures/csv-reference.json"))
        return try! JSONDecoder().decode(Reference.self, from: data)
    }()

    static func parse(_ reader: CSVRecordReader, listing: Bool) throws -> Parse {
        var parse = Parse()
        while try reader.next() {
            parse.count += 1
            parse.hash(Array("\(reader.recordLine):".utf8))
            var fields: [Field] = []
            var valid = true
            for index in 0..<reader.fieldCount {
                reader.withField(index) { bytes in
                    parse.hash(Array("\(bytes.count):".utf8))
                    parse.hash(bytes)
                    parse.hash([UInt8(ascii: ";")])
                    let field = Field(bytes)
                    if case .hex = field { valid = false }
                    if listing { fields.append(field) }
                }
            }
            parse.hash([UInt8(ascii: "\n")])
            if (reader.strings() == nil) == valid { parse.stringsAgree = false }
            if !valid && parse.firstInvalidLine == nil { parse.firstInvalidLine = reader.firstInvalidUTF8Line() }
            if valid && reader.firstInvalidUTF8Line() != nil { parse.stringsAgree = false }
            if listing { parse.records.append(Record(line: reader.recordLine, fields: fields)) }
        }
        return parse
    }

    static func bytes(hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }

    static func check(_ parse: Parse, against expected: Case, chunk: Int) {
        let label = "\(expected.name) (chunks of \(chunk))"
        #expect(parse.count == expected.recordCount, "\(label): record count")
        #expect(String(format: "%016llx", parse.hash) == expected.hash, "\(label): records differ")
        if let records = expected.records {
            #expect(parse.records == records, "\(label)")
        }
        #expect(parse.firstInvalidLine == expected.firstInvalidLine, "\(label): first line not UTF-8")
        #expect(parse.stringsAgree, "\(label): strings() and the UTF-8 check disagree")
    }

    @Test func referenceCoversTheCasesItShould() {
        let names = Self.reference.cases.map(\.name)
        #expect(names.filter { $0.hasPrefix("generated") }.count >= 100)
        for file in ["fixtures/small/orders.csv", "fixtures/bad/customers-bad.csv", "fixtures/bad/header-bad.csv"] {
            #expect(names.contains(file))
        }
        #expect(Self.reference.cases.contains { $0.firstInvalidLine != nil })
    }

    @Test func edgeCasesParseAsPythonParsesThem() throws {
        let scratch = try ScratchDirectory("outpost-csv")
        for expected in Self.reference.cases {
            guard let hex = expected.inputHex else { continue }
            let input = Self.bytes(hex: hex)
            let path = scratch.url.appendingPathComponent("case.csv").path
            #expect(FileManager.default.createFile(atPath: path, contents: Data(input)))
            for chunk in [1, 2, 3, 7, 1 << 18] {
                let reader = try #require(CSVRecordReader(path: path, chunkSize: chunk))
                Self.check(try Self.parse(reader, listing: true), against: expected, chunk: chunk)
            }
            Self.check(try Self.parse(CSVRecordReader(bytes: input), listing: true), against: expected, chunk: 0)
        }
    }

    @Test func fixtureFilesParseAsPythonParsesThem() throws {
        for expected in Self.reference.cases where expected.inputHex == nil {
            let path = Self.root.appendingPathComponent(expected.name).path
            for chunk in [7, 1 << 18] {
                let reader = try #require(CSVRecordReader(path: path, chunkSize: chunk))
                Self.check(try Self.parse(reader, listing: expected.records != nil), against: expected, chunk: chunk)
            }
        }
    }
}
