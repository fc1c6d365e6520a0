import CRM
import Dispatch
import Foundation
import Replica

// outpost-bench SUITE [options]: prints `name: value` lines for scripts/bench.sh.
let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String, _ fallback: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
    return Int(arguments[index + 1]) ?? fallback
}
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("outpost-bench-\(UUID())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }

switch arguments.first {
case "capture":
    let bench = CaptureBenchmark(
        orders: option("--orders", 1_000_000), customers: option("--customers", 100_000), directory: directory)
    for (name, value) in try bench.run().sorted(by: { $0.key < $1.key }) {
        print("\(name): \(String(format: "%.3f", value))")
    }
case "merge":
    let results = try SyncBenchmark(directory: directory)
        .merge(
            orders: option("--orders", 1_000_000), customers: option("--customers", 100_000),
            batch: option("--batch", 2_000))
    for (name, value) in results.sorted(by: { $0.key < $1.key }) { print("\(name): \(String(format: "%.3f", value))") }
case "initial-sync":
    let results = try SyncBenchmark(directory: directory)
        .initialSync(orders: option("--orders", 1_000_000), customers: option("--customers", 100_000))
    for (name, value) in results.sorted(by: { $0.key < $1.key }) { print("\(name): \(String(format: "%.3f", value))") }
case "analytics":
    // outpost-bench analytics NODE_DIR AS_OF: one extraction and the four analyses of SPEC §9, in process.
    guard arguments.count >= 3, let day = CalendarDay(arguments[2]) else {
        FileHandle.standardError.write(Data("usage: outpost-bench analytics NODE_DIR YYYY-MM-DD\n".utf8))
        exit(2)
    }
    let replica = try Replica.open(
        at: URL(fileURLWithPath: arguments[1]).appendingPathComponent("replica.sqlite").path,
        declaring: BenchData.tables)
    func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
    var run: AnalyticsRun?
    let extract = try seconds { run = try AnalyticsRun.extract(from: replica, asOf: day) }
    let analyses = seconds {
        _ = run!.rfm()
        _ = run!.pyramid()
        let warnings = run!.churnWarnings()
        _ = run!.lifecycle(warnings: warnings)
    }
    print("analytics_customers: \(run!.features.count)")
    print("analytics_extract_s: \(String(format: "%.3f", extract))")
    print("analytics_rfm_tiers_churn_lifecycle_s: \(String(format: "%.3f", analyses))")
    print("analytics_total_s: \(String(format: "%.3f", extract + analyses))")
case "scope-read":
    let results = try SyncBenchmark(directory: directory)
        .scopeRead(orders: option("--orders", 1_000_000), customers: option("--customers", 100_000))
    for (name, value) in results.sorted(by: { $0.key < $1.key }) { print("\(name): \(String(format: "%.3f", value))") }
case "live-push":
    let results = try SyncBenchmark(directory: directory).livePush(writes: option("--writes", 1_000))
    for (name, value) in results.sorted(by: { $0.key < $1.key }) { print("\(name): \(String(format: "%.3f", value))") }
default:
    FileHandle.standardError.write(
        Data(
            ("usage: outpost-bench capture|merge|initial-sync|live-push|scope-read [--orders N] [--customers N] "
                + "[--writes N]\n").utf8))
    exit(2)
}
