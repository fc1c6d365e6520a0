import ArgumentParser
import CRM
import Foundation
import Node

struct StockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stock",
        abstract: "Stock per region and product: counts, min/max levels, lead times, and the stock-out warning.",
        subcommands: [SetLevels.self, Import.self, List.self, Warn.self])

    static func json(_ level: StockLevel) -> JSONValue {
        .object([
            "region": .string(level.region), "sku": .string(level.sku),
            "on_hand": level.onHand.map { .integer($0) } ?? .null,
            "min_level": level.minLevel.map { .integer($0) } ?? .null,
            "max_level": level.maxLevel.map { .integer($0) } ?? .null,
            "lead_time_days": .integer(Int64(level.leadTimeDays)),
            "counted_at": level.countedAt.map { .string($0) } ?? .null,
        ])
    }

    struct SetLevels: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract:
                "Set the count and levels of a product in a region (replicated; written by that region's office).",
            discussion: "A new on-hand count is stamped with the time it was set. New rows get a 14-day lead time.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Region.") var region: String
        @Argument(help: "Product sku.") var sku: String
        @Option(help: "Units on hand now.") var onHand: Int64?
        @Option(help: "Lower level: below it the shelf is flagged and an order suggested.") var min: Int64?
        @Option(help: "Upper level: above it the shelf is overstocked; orders fill up to it.") var max: Int64?
        @Option(help: "Days from ordering to delivery (1-365).") var leadDays: Int64?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let book = StockBook(replica: try global.directory.openReplica())
            let level = try book.set(region: region, sku: sku, onHand: onHand, min: min, max: max, leadDays: leadDays)
            if json {
                print(StockCommand.json(level).serialized(pretty: true))
            } else {
                print(
                    "\(level.region) \(level.sku): on hand \(level.onHand.map(String.init) ?? "–"), min "
                        + "\(level.minLevel.map(String.init) ?? "–"), max \(level.maxLevel.map(String.init) ?? "–"), "
                        + "lead time \(level.leadTimeDays) days")
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Import stock from a CSV file with the header region,sku[,on_hand,min_level,max_level,lead_time_days,counted_at].",
            discussion: "Bad rows are reported with their line number and written to --rejects; good rows are kept. "
                + "Re-running an import changes nothing. Exit status 0 even with rejected rows; 1 if the file "
                + "cannot be read at all.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var options: ImportOptions

        func run() throws { try options.run(.stock, global: global) }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List stock rows by region and sku.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this region's.") var region: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let levels = try StockBook(replica: try global.directory.openReplicaForReading()).list(region: region)
            if json {
                print(JSONValue.array(levels.map(StockCommand.json)).serialized(pretty: true))
                return
            }
            var table = TextTable(
                header: ["region", "sku", "on hand", "min", "max", "lead days", "counted at"],
                rightAligned: [2, 3, 4, 5])
            for l in levels {
                table.add([
                    l.region, l.sku, l.onHand.map(String.init) ?? "–", l.minLevel.map(String.init) ?? "–",
                    l.maxLevel.map(String.init) ?? "–", String(l.leadTimeDays), l.countedAt ?? "–",
                ])
            }
            print(levels.isEmpty ? "no stock rows" : table.render())
        }
    }

    struct Warn: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Shelves that run empty within their lead time, fall below min or exceed max, with an order.",
            discussion: """
                Demand is the auto forecast of the region's weekly sales of the product (see `analytics \
                forecast`), spread evenly over each week's days from the --as-of day on. The projected stock-out \
                day is the first day by whose end the forecast demand reaches the count on hand. The suggested \
                order brings the stock projected at delivery (on hand minus the demand over the lead time) up to \
                max when it would be below min. Exit status 3 when any shelf runs out within its lead time, 0 \
                otherwise.
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this region's shelves.") var region: String?
        @Option(help: "Forecast as of the start of this UTC day, YYYY-MM-DD (default: today).") var asOf: String?
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            if let asOf, CalendarDay(asOf) == nil { throw ValidationError("--as-of '\(asOf)' is not a YYYY-MM-DD day") }
        }

        func run() throws {
            let report = try StockWarningReport(
                replica: try global.directory.openReplicaForReading(),
                asOf: asOf.flatMap(CalendarDay.init) ?? .today(), region: region)
            print(json ? report.json.serialized(pretty: true) : report.text)
            if report.hasStockOutWithinLeadTime { throw ExitCode(3) }
        }
    }
}
