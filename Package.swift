// swift-tools-version:6.1
import PackageDescription

// Module plan: SPEC §2 and docs/architecture.md. Data flows one way:
// outpost -> Node -> CRM / Sync -> Replica / ZeroMQ, Replica -> SyncProtocol. Analytics and SyncProtocol import
// nothing internal.
let package = Package(
    name: "Outpost",
    products: [
        .executable(name: "outpost", targets: ["outpost"])
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // Each target lists exactly the modules its sources import (scripts/test.sh builds with
        // --explicit-target-dependency-import-check=error, which fails on an import not listed here).
        // libzmq's .pc file carries flags SwiftPM prohibits; the header is on the default include path.
        .systemLibrary(name: "CZeroMQ", providers: [.apt(["libzmq3-dev"])]),
        .target(name: "ZeroMQ", dependencies: ["CZeroMQ"]),
        .target(
            name: "Replica",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                // SiteID: the one site-id type of the engine, the wire's own (docs/architecture.md).
                "SyncProtocol",
            ]),
        .target(name: "SyncProtocol"),
        .target(
            name: "Sync",
            dependencies: [
                "Replica", "SyncProtocol", "ZeroMQ",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(name: "Analytics"),
        // The report page (`outpost report`): its data model, the HTML sections and the SVG charts; imports nothing.
        .target(name: "Report"),
        .target(
            name: "CRM",
            dependencies: [
                "Replica", "Analytics",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        .target(
            name: "Node",
            dependencies: [
                "Replica", "SyncProtocol", "Sync", "ZeroMQ", "Analytics", "CRM", "Report",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "outpost",
            dependencies: [
                "Node", "Replica", "CRM", "Analytics", "Report",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // Benchmarks of scripts/bench.sh; a tool, not part of the product.
        .executableTarget(
            name: "outpost-bench",
            dependencies: [
                "Replica", "Sync", "ZeroMQ", "CRM",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        // Shared by the test targets: scratch directories, the replica factory, the seeded generator's draws.
        .target(name: "TestSupport", dependencies: ["Replica", "CRM", "Sync", "Analytics"], path: "Tests/TestSupport"),
        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ"]),
        .testTarget(
            name: "ReplicaTests",
            dependencies: [
                "Replica", "CRM", "Sync", "SyncProtocol", "Analytics", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(name: "SyncProtocolTests", dependencies: ["SyncProtocol", "Analytics"]),
        .testTarget(
            name: "SyncTests",
            dependencies: [
                "Sync", "Replica", "SyncProtocol", "ZeroMQ", "CRM", "Analytics", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "AnalyticsTests", dependencies: ["Analytics"]),
        .testTarget(
            name: "CRMTests",
            dependencies: [
                "CRM", "Replica", "Analytics", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        // `outpost` is listed so the binary the CLI tests run is built first; no source imports it.
        .testTarget(
            name: "OutpostCLITests",
            dependencies: [
                "Node", "outpost", "Replica", "CRM", "SyncProtocol", "ZeroMQ", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(
            name: "ReportTests",
            dependencies: ["Report", "Node", "CRM", "Analytics", "Replica"],
            // Chart snapshots the tests read by path.
            exclude: ["Snapshots"]),
        .testTarget(
            name: "NodeTests",
            dependencies: [
                "Node", "Replica", "CRM", "ZeroMQ",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
    ]
)

// Coverage-guided fuzz targets (fuzz/, run by scripts/fuzz.sh, which sets OUTPOST_FUZZ=1 and builds into
// .build-fuzz with -sanitize=fuzzer). They exist only then, so a plain `swift build` or `swift test` never sees them.
if Context.environment["OUTPOST_FUZZ"] == "1" {
    package.targets += [
        .executableTarget(name: "FuzzWire", dependencies: ["SyncProtocol"], path: "fuzz/wire"),
        .executableTarget(
            name: "FuzzCSV",
            dependencies: [
                "CRM", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "fuzz/csv"),
        .executableTarget(name: "FuzzRule", dependencies: ["Analytics"], path: "fuzz/rule"),
    ]
}
