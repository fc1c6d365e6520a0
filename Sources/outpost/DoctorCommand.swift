import ArgumentParser
import Node

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the database, change capture, version vector, keys and peer clocks; say how to fix.",
        discussion: "Read-only. Exit status 1 when any error is found (warnings alone exit 0).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Warn when a peer's clock differs from ours by more than this many seconds.")
    var maxSkew: Double = 60
    @Flag(help: "Print JSON (shape in docs/cli.md).") var json = false

    func validate() throws {
        guard maxSkew >= 0 else { throw ValidationError("--max-skew must not be negative") }
    }

    func run() throws {
        let report = try DoctorReport.run(global.directory, maxSkew: maxSkew)
        print(json ? report.json.serialized(pretty: true) : report.text(style: .standardOutput))
        if !report.healthy { throw ExitCode.failure }
    }
}
