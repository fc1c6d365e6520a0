import ArgumentParser
import CRM
import Foundation
import Node
import Replica
import Report

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "One self-contained HTML page (or its JSON) of this node's analyses.",
        discussion: """
            Sections: node and each peer's last sync, value pyramid per region, RFM grid and segments, lifecycle \
            stages, churn watchlist (phones masked), monthly cohort retention, CLV distribution, launched \
            campaigns' uplift per region, sync health. Each figure is the one the matching `analytics`, \
            `campaign report` or `status` command prints as of the same day. The page has no script and fetches \
            nothing; it prints on A4. --region R shows region R's customers of analyses run over the whole node.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Write the HTML page to this file.", valueName: "FILE")) var html: String?
    @Flag(help: "Print the report's figures as JSON.") var json = false
    @Flag(help: "Replace an existing --html file.") var force = false
    @Option(help: "Analyse as of the start of this UTC day, YYYY-MM-DD (default: today); its orders are ignored.")
    var asOf: String?
    @Option(help: "Show only this region's customers.") var region: String?
    @Option(help: "Customers on the churn watchlist.") var limit = 20
    @Option(help: .hidden) var generatedAt: String?

    func validate() throws {
        if html == nil && !json { throw ValidationError("say where the report goes: --html FILE, --json, or both") }
        if let asOf, CalendarDay(asOf) == nil { throw ValidationError("--as-of '\(asOf)' is not a YYYY-MM-DD day") }
        if limit < 0 { throw ValidationError("--limit must be 0 or more") }
        if let generatedAt, Timestamps.millis(ofTimestamp: generatedAt) == nil {
            throw ValidationError("--generated-at '\(generatedAt)' is not an ISO timestamp")
        }
    }

    func run() throws {
        let directory = global.directory
        let now = generatedAt.flatMap(Timestamps.millis(ofTimestamp:)).map {
            Date(timeIntervalSince1970: Double($0) / 1000)
        }
        var builder = ReportBuilder(
            asOf: asOf.flatMap(CalendarDay.init) ?? .today(), region: region, generatedAt: now ?? Date())
        builder.watchlistLimit = limit
        let data = try builder.build(directory)
        if let html {
            let file = try OutputFile(path: html, replacing: force, protecting: directory.root.path)
            defer { file.discard() }
            let bytes = Array(ReportPage.render(data).utf8)
            guard file.stream.write(bytes, maxLength: bytes.count) == bytes.count else {
                throw ValidationError("could not write \(html): \(file.stream.streamError.map { "\($0)" } ?? "?")")
            }
            try file.commit()
            if !json { print("wrote \(html)") }
        }
        if json { print(try ReportJSON.encode(data)) }
    }
}
