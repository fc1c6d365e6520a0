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
            let started = Date()
            importer.progress = { progress in
                FileHandle.standardError.write(
                    Data(("\r\u{1B}[K" + progressLine(kind, progress, seconds: -started.timeIntervalSinceNow)).utf8))
            }
        }
        let summary = try importer.run(file: file, into: replica)
        if importer.progress != nil, summary.read >= importer.progressInterval {
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        }
        return summary
    }

    /// `importing orders: 120,000 rows, 41,000 rows/s, 36% of the file, about 0:21 left`.
    static func progressLine(_ kind: ImportKind, _ progress: ImportProgress, seconds: Double) -> String {
        var line = "importing \(kind.rawValue): \(Readable.count(progress.records)) rows"
        guard seconds > 0 else { return line }
        line += ", \(Readable.count(Int(Double(progress.records) / seconds))) rows/s"
        if let fraction = progress.fraction, fraction > 0 {
            let left = Int((seconds * (1 - fraction) / fraction).rounded())
            line +=
                ", \(Int((fraction * 100).rounded(.down)))% of the file, about "
                + String(format: "%d:%02d", left / 60, left % 60) + " left"
        }
        return line
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
