// swift-tools-version:6.1
import PackageDescription

// Module plan: SPEC §2 and docs/architecture.md. Data flows one way:
// outpost -> Node -> CRM / Sync -> Replica / ZeroMQ. Analytics and SyncProtocol import nothing internal.
let package = Package(
    name: "Outpost",
    products: [
        .executable(name: "outpost", targets: ["outpost"])
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // libzmq's .pc file carries flags SwiftPM prohibits; the header is on the default include path.
        .systemLibrary(name: "CZeroMQ", providers: [.apt(["libzmq3-dev"])]),
        .target(name: "ZeroMQ", dependencies: ["CZeroMQ"]),
        .target(
            name: "Replica",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(name: "SyncProtocol"),
        .target(
            name: "Sync",
            dependencies: [
                "Replica", "SyncProtocol", "ZeroMQ",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(name: "Analytics"),
        .target(
            name: "CRM",
            dependencies: [
                "Replica", "Analytics",
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        .target(
            name: "Node",
            dependencies: [
                "Replica", "SyncProtocol", "Sync", "ZeroMQ", "Analytics", "CRM",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "outpost",
            dependencies: [
                "Node",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Benchmarks of scripts/bench.sh; a tool, not part of the product.
        .executableTarget(
            name: "outpost-bench",
            dependencies: [
                "Replica", "Sync", "ZeroMQ", "CRM", "Analytics",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ"]),
        .testTarget(name: "ReplicaTests", dependencies: ["Replica"]),
        .testTarget(name: "SyncProtocolTests", dependencies: ["SyncProtocol"]),
        .testTarget(name: "SyncTests", dependencies: ["Sync", "Replica", "SyncProtocol", "ZeroMQ"]),
        .testTarget(name: "AnalyticsTests", dependencies: ["Analytics"]),
        .testTarget(name: "CRMTests", dependencies: ["CRM", "Replica"]),
        .testTarget(name: "OutpostCLITests", dependencies: ["Node", "outpost"]),
        .testTarget(
            name: "NodeTests",
            dependencies: [
                "Node", "Replica", "Sync", "ZeroMQ",
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
                "CRM", .product(name: "CSV", package: "CSV.swift"), .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "fuzz/csv"),
        .executableTarget(name: "FuzzRule", dependencies: ["Analytics"], path: "fuzz/rule"),
    ]
}
