import CRM
import Foundation
import GRDB
import Replica

/// `outpost doctor`: checks the node's database and files and says how to fix what is wrong. Read-only:
/// it never changes anything, and runs while `serve` does.
public struct DoctorReport: Sendable {
    /// Every check, in the order run.
    public static let checks = [
        "integrity", "schema", "change-capture", "version-vector", "key-files", "peer-keys", "clock-skew", "node-clock",
        "divergence", "quarantine",
    ]

    /// What each check verified, for its `ok` line.
    static let passed = [
        "integrity": "SQLite integrity_check passed",
        "schema": "every declared table and column exists",
        "change-capture": "every replicated row has its clock data and is reachable from the change log",
        "version-vector": "each site's head covers every change held from it",
        "key-files": "secret key 0600 and valid; public key matches it",
        "peer-keys": "every peer has a valid CURVE key",
        "clock-skew": "no peer clock beyond the skew limit",
        "node-clock": "this node's logical clock is not ahead of its wall clock",
        "divergence": "no peer's content differed from ours at equal version vectors",
        "quarantine": "no change too large to replicate",
    ]

    public var findings: [DoctorFinding]

    /// Runs every check; `maxSkew` is the clock difference to a peer (seconds) beyond which it warns.
    public static func run(_ directory: NodeDirectory, maxSkew: Double = 60) throws -> DoctorReport {
        let pool = try directory.openForReading()
        var findings = try pool.read { db in try integrity(db) }
        // The other checks read every table; on damaged pages they would fail instead of reporting.
        let damaged = !findings.isEmpty
        if !damaged {
            // The replica checks its own invariants; doctor only says what they mean and how to fix them.
            let replica = try directory.openReplicaForReading()
            findings += try replica.verify().map { finding(for: $0, in: replica) }
        }
        try pool.read { db in
            guard !damaged else { return }
            findings += try peerKeys(db, ownKey: publicKeyText(directory))
            findings += try clockSkew(db, maxSkew: maxSkew)
            findings += try nodeClock(db, wallMillis: Replica.defaultWallClock())
            findings += try divergence(db)
            findings += try quarantine(db)
        }
        findings += keyFiles(directory)
        return DoctorReport(findings: findings)
    }

    /// No error finding: exit status 0.
    public var healthy: Bool { !findings.contains { $0.severity == .error } }

    func status(of check: String) -> String {
        findings.filter { $0.check == check }.map(\.severity).min()?.rawValue ?? "ok"
    }

    public var json: JSONValue {
        .object([
            "ok": .bool(healthy),
            "checks": .array(
                Self.checks.map { .object(["name": .string($0), "status": .string(status(of: $0))]) }),
            "findings": .array(findings.map(\.json)),
        ])
    }

    public func text(style: TerminalStyle) -> String {
        var lines: [String] = []
        let width = Self.checks.map(\.count).max()! + 2
        for check in Self.checks {
            let found = findings.filter { $0.check == check }
            let name = check.padding(toLength: width, withPad: " ", startingAt: 0)
            if found.isEmpty {
                lines.append("\(style.green("ok     "))  \(name)\(Self.passed[check] ?? "")")
            }
            for finding in found {
                let label = finding.severity == .error ? style.red("ERROR  ") : style.yellow("WARNING")
                lines.append("\(label)  \(name)\(finding.message)")
                lines.append(String(repeating: " ", count: 9 + width) + "fix: \(finding.fix)")
            }
        }
        let errors = findings.filter { $0.severity == .error }.count
        let warnings = findings.count - errors
        let plural = { (count: Int, word: String) in "\(count) \(word)\(count == 1 ? "" : "s")" }
        lines.append(
            findings.isEmpty
                ? "no problems found (\(Self.checks.count) checks)"
                : "\(plural(errors, "error")), \(plural(warnings, "warning")) (\(Self.checks.count) checks)")
        return lines.joined(separator: "\n")
    }
}
