import Analytics
import ArgumentParser
import CRM
import Node

extension AnalyticsCommand {
    struct Programme: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The star programme over time: tiers at each quarter end, migrations and the programme's KPIs.",
            discussion: """
                Each customer's tier at a quarter end is recomputed from the orders: spend over the 365 days \
                before the first day of the next quarter (value and potential thresholds as for `analytics \
                tiers`). A customer takes part at a quarter end when they bought something in those 365 days. \
                Quarter ends count when the next quarter has begun on or before --as-of. Customers suspended at \
                a quarter end (a compliance violation in the --suspension-days before it) are counted apart; \
                the tiers and KPIs still include them.
                """)
        @OptionGroup var options: Options
        @Option(help: "Number of quarter ends shown.") var quarters = 8
        @Option(help: ArgumentHelp("Also per `region`.", valueName: "region")) var by: String?
        @Option(help: "Spend from which a customer is `value` (CNY).") var value = 100_000.0
        @Option(help: "Spend from which a customer is `potential` (CNY).") var potential = 50_000.0
        @OptionGroup var gate: SuspensionOption

        func validate() throws {
            if !(potential >= 0 && value > potential) { throw ValidationError("need 0 <= --potential < --value") }
            if quarters < 1 || quarters > 40 { throw ValidationError("--quarters takes 1 to 40") }
            if let by, by != "region" { throw ValidationError("--by takes `region` (got '\(by)')") }
        }

        func run() throws {
            let run = try ProgrammeRun.compute(
                from: try options.global.directory.openReplicaForReading(), asOf: options.day, quarters: quarters,
                thresholds: TierThresholds(value: value, potential: potential), byRegion: by != nil,
                suspensionDays: gate.suspensionDays)
            let report = ProgrammeReport(run)
            options.emit(json: report.json, text: report.text)
        }
    }
}
