import CRM
import Replica

/// Records in the node's audit chain who read or exported customer data: `unmask` before personal fields are
/// shown as stored (refused when it cannot be recorded), `export` after an export with its row count.
public enum AccessAudit {
    /// Records that `object` is about to be shown unmasked by `command`; throws, so nothing is shown, when the
    /// node cannot record it (a directory this user cannot write).
    public static func unmasking(_ directory: NodeDirectory, command: String, object: String) throws {
        do {
            try directory.openReplica().audit(action: "unmask", object: object, detail: command)
        } catch {
            throw NodeError.invalidArgument(
                "personal fields are shown only when that is recorded in the audit log, and it cannot be here "
                    + "(\(error)); leave out --unmask for masked output")
        }
    }

    /// Records an export (table or query, rows, masked or not, destination). Best effort: a masked export from a
    /// node this user cannot write (a copy being inspected) still runs; an unmasked one was refused before.
    public static func exported(
        _ directory: NodeDirectory, object: String, rows: Int, personal: PersonalData.Display, to destination: String?
    ) {
        let shown = personal == .shown ? "unmasked" : "masked"
        _ = try? directory.openReplica().audit(
            action: "export", object: object, detail: "\(rows) rows, \(shown), to \(destination ?? "standard output")")
    }
}
