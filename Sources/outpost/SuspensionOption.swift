import ArgumentParser
import CRM

/// `--suspension-days`: how far back a compliance violation suspends a customer from the star programme.
struct SuspensionOption: ParsableArguments {
    @Option(help: "Days before the as-of day in which a compliance violation suspends a customer from the programme.")
    var suspensionDays = ComplianceGate.defaultSuspensionDays

    func validate() throws {
        guard (1...3_650).contains(suspensionDays) else {
            throw ValidationError(ComplianceError.invalidSuspensionDays(suspensionDays).description)
        }
    }
}
