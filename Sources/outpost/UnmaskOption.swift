import ArgumentParser
import CRM
import Node

/// `--unmask`: the read and export commands that print customers mask their personal fields (phone, owner,
/// address, licence number) unless it is given.
struct UnmaskOption: ParsableArguments {
    @Flag(help: "Show phone, owner, address and licence number as stored instead of masked.")
    var unmask = false

    var personal: PersonalData.Display { unmask ? .shown : .masked }

    /// Records the unmasking in the audit log before anything is shown (and refuses when it cannot be).
    func recordIfUnmasked(_ directory: NodeDirectory, command: String, object: String) throws {
        if unmask { try AccessAudit.unmasking(directory, command: command, object: object) }
    }
}
