import Replica

/// How `doctor` reports what ``Replica/verify()`` found: which check, in what words, and what to do.
extension DoctorReport {
    static func finding(for found: ReplicaFinding, in replica: Replica) -> DoctorFinding {
        switch found.invariant {
        case .declaredSchema:
            return DoctorFinding(
                severity: .error, check: "schema", message: "\(found.table ?? "?"): \(found.detail)",
                fix: "this node's database was changed outside Outpost or by another version; " + rebuildFix)
        case .heads:
            return headFinding(found, in: replica)
        case .ownSite:
            return DoctorFinding(severity: .error, check: "version-vector", message: found.detail, fix: rebuildFix)
        case .rowClocks:
            return captureFinding(
                found,
                fix: "re-enter these rows through outpost (`outpost customer update`, `outpost import`), or "
                    + rebuildFix)
        case .orphanClock:
            return captureFinding(found, fix: "delete them through outpost so the delete replicates, or " + rebuildFix)
        case .knownSites, .clockLogged, .appendRuns, .keyEncoding:
            return captureFinding(found, fix: rebuildFix)
        }
    }

    /// `customers: 1 row(s) without clock data: … (e.g. C1)`.
    private static func captureFinding(_ found: ReplicaFinding, fix: String) -> DoctorFinding {
        var message = "\(Readable.count(found.count)) \(found.detail)"
        if let table = found.table { message = "\(table): " + message }
        if !found.examples.isEmpty { message += " (e.g. \(found.examples.joined(separator: ", ")))" }
        return DoctorFinding(severity: .error, check: "change-capture", message: message, fix: fix)
    }

    /// A head below a held change: peers are told less than we hold, and for our own site the next local
    /// write would reuse a sequence. The fix raises the head to what is held.
    private static func headFinding(_ found: ReplicaFinding, in replica: Replica) -> DoctorFinding {
        let own = found.site == replica.identity.siteID
        let name = own ? "this node" : "site \(found.site?.uuidString.lowercased() ?? "?")"
        let held = found.held ?? 0
        return DoctorFinding(
            severity: .error, check: "version-vector",
            message: "\(name) has head \(found.head ?? 0) but holds its change \(held): peers are told less than "
                + "this node holds" + (own ? ", and the next local write would reuse a sequence" : ""),
            fix: "stop `outpost serve`, then run: sqlite3 '\(replica.path)' "
                + "\"UPDATE outpost_sites SET head_seq = \(held) WHERE ordinal = \(found.ordinal ?? 0)\"")
    }
}
