import CRM
import Foundation
import Replica

/// `outpost import`: runs the importer with progress on a terminal and renders its summary.
public enum ImportRun {
    /// Imports `file`; the rejects file (if any) must lie outside `node` and replaces an existing file only with
    /// `replacingRejects`.
    public static func run(
        kind: ImportKind, file: String, rejects: String?, replacingRejects: Bool = false, node: NodeDirectory,
        into replica: Replica
    ) throws -> ImportSummary {
        var importer = CSVImporter(kind: kind)
        importer.enforcesScope = true
        importer.rejectsPath = rejects
        importer.replacesRejects = replacingRejects
        importer.protectedDirectory = node.root.path
        if isatty(STDERR_FILENO) == 1 {
            importer.progress = { read in
                FileHandle.standardError.write(
                    Data("\rimporting \(kind.rawValue): \(Readable.count(read)) rows read".utf8))
            }
        }
        let summary = try importer.run(file: file, into: replica)
        if importer.progress != nil, summary.read >= importer.progressInterval {
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        }
        return summary
    }

    public static func text(_ summary: ImportSummary) -> String {
        var lines = summary.rejections.map { "line \($0.line): \($0.reason)" }
        if summary.rejected > summary.rejections.count {
            lines.append("… and \(summary.rejected - summary.rejections.count) more rejected rows (see --rejects)")
        }
        lines.append(summary.line)
        return lines.joined(separator: "\n")
    }

    public static func json(_ summary: ImportSummary) -> JSONValue {
        .object([
            "file": .string(summary.file), "table": .string(summary.table), "read": .integer(Int64(summary.read)),
            "imported": .integer(Int64(summary.imported)), "updated": .integer(Int64(summary.updated)),
            "unchanged": .integer(Int64(summary.unchanged)), "skipped": .integer(Int64(summary.skipped)),
            "rejected": .integer(Int64(summary.rejected)),
            "rejections": .array(
                summary.rejections.map { .object(["line": .integer(Int64($0.line)), "reason": .string($0.reason)]) }),
        ])
    }
}
