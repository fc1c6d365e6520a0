// libFuzzer target for the CSV import reader and the CSV Outpost writes (scripts/fuzz.sh csv). Built only with
// OUTPOST_FUZZ=1. The input is one CSV file; every import kind whose columns its header has reads it, with small
// in-memory references instead of a node.
//
// Properties checked on every input, besides "does not trap":
// - every record is accepted or rejected, with a start line inside the file and after the previous record's;
//   a file that cannot be read on fails with a line inside the file;
// - accepted rows keep the import's field limits and carry no NUL byte;
// - the rejects file, written by the importer's own RejectsFile, reads back through the import's reader as exactly
//   the rows written (line, reason, the original fields, formula-escaped), and those unescape to the originals;
// - the accepted rows' text, written as export cells (CSVLine, FormulaEscape), reads back to the same values.
import Foundation
import GRDB

@testable import CRM

private let references = ImportReferences(customers: ["c1", "c2", "客户-3"], products: ["p1", "sku-2"])
private let scratch: String = {
    let base = FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let directory = base + "/outpost-fuzz-csv-\(getpid())"
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    return directory
}()
private let inputPath = scratch + "/input.csv"
private let rejectsPath = scratch + "/rejects.csv"

private func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("property violated: \(message())") }
}

/// Every record of a CSV file as the import's reader reads it, or nil when it fails.
private func readBack(_ text: [UInt8]) -> [[String]]? {
    let reader = CSVRecordReader(bytes: text)
    var rows: [[String]] = []
    do {
        while try reader.next() {
            guard let row = reader.strings() else { return nil }
            rows.append(row)
        }
    } catch {
        return nil
    }
    return rows
}

private func checkLimits(_ row: ParsedRow) {
    switch row {
    case .mutable(let key, let values):
        for part in key { check(part.utf8.count <= 128 && !part.utf8.contains(0), "key \(part.debugDescription)") }
        for (column, value) in values {
            guard case .string(let text) = value.storage else { continue }
            let limit = ImportKind.fieldLimits[column] ?? .max
            check(text.utf8.count <= limit, "\(column) of \(text.utf8.count) bytes accepted")
            check(!text.utf8.contains(0), "\(column) with a NUL byte accepted")
        }
    case .append(let id, let values):
        check(id.utf8.count <= 128 && !id.utf8.contains(0), "id \(id.debugDescription)")
        for value in values {
            guard case .string(let text) = value.storage else { continue }
            check(text.utf8.count <= 65_536 && !text.utf8.contains(0), "value \(text.debugDescription)")
        }
    }
}

/// The text cells of an accepted row, as an export writes them.
private func cells(_ row: ParsedRow) -> [String] {
    switch row {
    case .mutable(let key, let values):
        return key + values.keys.sorted().map { TableExporter.text(values[$0]!) }
    case .append(let id, let values):
        return [id] + values.map(TableExporter.text)
    }
}

private func read(kind: ImportKind, lines: Int) {
    var reader: ImportReader
    do {
        reader = try ImportReader(path: inputPath, kind: kind)
    } catch {
        switch error {
        case .missingColumns, .unreadableHeader: return
        case .notUTF8(_, let line): check((1...lines).contains(line), "notUTF8 at line \(line) of \(lines)")
        default: fatalError("property violated: \(kind) header fails with \(error)")
        }
        return
    }
    let rejects: RejectsFile
    do {
        rejects = try RejectsFile(path: rejectsPath, header: reader.header, replacing: true, protecting: nil)
    } catch {
        fatalError("cannot write \(rejectsPath): \(error)")
    }
    var expected = [["line", "reason"] + reader.header.map(FormulaEscape.escaped)]
    var originals = [["line", "reason"] + reader.header]
    var exported: [[String]] = []
    var previous = 1
    while let record = reader.next(references: references) {
        switch record {
        case .row(let row, let line):
            check(line > previous && line <= lines, "\(kind) row at line \(line) after \(previous) of \(lines)")
            previous = line
            checkLimits(row)
            exported.append(cells(row))
        case .rejected(let reason, let line, let fields):
            check(line > previous && line <= lines, "\(kind) reject at line \(line) after \(previous) of \(lines)")
            check(!reason.isEmpty, "empty reason")
            previous = line
            do {
                try rejects.write(line: line, reason: reason, fields: fields)
            } catch {
                fatalError("cannot write rejects: \(error)")
            }
            expected.append([String(line), FormulaEscape.escaped(reason)] + fields.map(FormulaEscape.escaped))
            originals.append([String(line), reason] + fields)
        }
    }
    do {
        try reader.finish()
    } catch {
        switch error {
        case .notUTF8(_, let line), .malformedFile(_, let line, _):
            check((1...lines + 1).contains(line), "\(kind) fails at line \(line) of \(lines): \(error)")
        default: fatalError("property violated: \(kind) fails with \(error)")
        }
    }
    do {
        try rejects.close()
    } catch {
        fatalError("cannot close rejects: \(error)")
    }
    guard let written = FileManager.default.contents(atPath: rejectsPath), let rows = readBack(Array(written)) else {
        fatalError("property violated: the \(kind) rejects file does not read back")
    }
    check(rows == expected, "\(kind) rejects file reads back as \(rows), not \(expected)")
    check(
        rows.map { $0.map(FormulaEscape.unescaped) } == originals,
        "\(kind) rejects file does not unescape to the rejected fields")

    guard !exported.isEmpty else { return }
    // A header first, as in an export, so a leading byte-order mark in a cell is not taken for the file's.
    let export = ([["key", "values"]] + exported).map { CSVLine.encode($0.map(FormulaEscape.escaped)) }.joined()
    guard let cells = readBack(Array(export.utf8))?.dropFirst() else {
        fatalError("property violated: export does not read back")
    }
    check(cells.map { $0.map(FormulaEscape.unescaped) } == exported, "\(kind) export cells do not round-trip")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard FileManager.default.createFile(atPath: inputPath, contents: Data(buffer: bytes)) else {
        fatalError("cannot write \(inputPath)")
    }
    // Lines as the reader counts them: LF, CRLF or a lone CR ends one.
    var lines = 1
    for (index, byte) in bytes.enumerated() where byte == 0x0A || byte == 0x0D {
        if byte == 0x0A && index > 0 && bytes[index - 1] == 0x0D { continue }
        lines += 1
    }
    for kind in ImportKind.allCases { read(kind: kind, lines: lines) }
    return 0
}

/// With OUTPOST_FUZZ_SEEDS=DIR, writes the seed corpus (a valid and a broken file of each kind) there and exits.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzCSVInitialize(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
) -> CInt {
    guard let directory = ProcessInfo.processInfo.environment["OUTPOST_FUZZ_SEEDS"] else {
        // The scratch files go when libFuzzer exits normally (a crash leaves them for a look).
        atexit { try? FileManager.default.removeItem(atPath: scratch) }
        return 0
    }
    let seeds = [
        "customers-valid": """
        id,name,region,channel,status,opened_on,marketing_consent,created_at,note
        c1,西湖茶行,east,modern,active,2024-03-01,yes,2024-03-01T08:00:00Z,"says ""hi"", twice"
        c2,'=HYPERLINK(x),west,,closed,,0,,"two
        lines"

        """,
        "customers-broken": "\u{FEFF}ID,Name,Region\nc1,a\nc2,b,east,extra\n,,\nc3,n\0ame,east\r\nc4,\"open,east\n",
        "products-valid": "sku,name,brand,price_tier,category,unit_price\np1,Tea,Lu,premium,tea,12.5\nsku-2,Cup,,,,0\n",
        "products-broken": "sku,name,unit_price\np1,Tea,-1\np2,,3\np3,Mug,1e999\n\"p4\"x,Bad,1\n",
        "orders-valid": """
        id,customer_id,ordered_at,sku,quantity,amount,channel
        o1,c1,2026-01-02T03:04:05Z,p1,2,25.0,modern
        o2,客户-3,2026-01-02T03:04:05+08:00,sku-2,-1,-12.5,

        """,
        "orders-broken": """
        id,customer_id,ordered_at,sku,quantity,amount
        o1,c9,2026-01-02T03:04:05Z,p1,2,25
        o2,c1,yesterday,p1,2,25
        o3,c1,2026-01-02T03:04:05Z,p1,0,25
        o4,c1,2026-01-02T03:04:05Z,p1,1.5,x

        """,
        "interactions-valid": "id,customer_id,at,kind,note\ni1,c1,2026-02-03T10:00:00Z,visit,\"@SUM(1)\"\n",
        "interactions-broken": "id,customer_id,at,kind\ni1,c1,2026-02-03T10:00:00Z,dance\ni2,c2,,visit\n",
    ]
    for (name, text) in seeds {
        _ = FileManager.default.createFile(atPath: directory + "/" + name + ".csv", contents: Data(text.utf8))
    }
    exit(0)
}
