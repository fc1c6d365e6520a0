import Analytics
import CRM

/// `outpost analytics kmeans`: cluster sizes and centroids in original units (days, CNY, shares).
public struct ClusterReport: Sendable {
    public var asOf: CalendarDay
    public var seed: UInt64
    public var clusters: CustomerClusters

    public init(_ run: AnalyticsRun, count: ClusterCount, seed: UInt64) {
        asOf = run.asOf
        self.seed = seed
        clusters = run.clusters(count: count, seed: seed)
    }

    static func label(_ feature: ClusterFeature) -> String {
        switch feature {
        case .recency: "recency (d)"
        case .frequency: "order days"
        case .monetary: "spend (CNY)"
        case .averageBasket: "basket (CNY)"
        case .premiumShare: "premium"
        case .tenure: "tenure (d)"
        }
    }

    static func format(_ value: Double, _ feature: ClusterFeature) -> String {
        switch feature {
        case .premiumShare: Readable.percent(value)
        case .frequency: Readable.decimal(value, places: 1)
        default: Readable.amount(value)
        }
    }

    public var json: JSONValue {
        let total = clusters.sizes.reduce(0, +)
        return .object([
            "as_of": .string(asOf.description), "k": .integer(Int64(clusters.k)), "seed": .integer(Int64(seed)),
            "customers": .integer(Int64(total)), "inertia": .number(clusters.inertia),
            "features": .array(clusters.features.map { .string($0.rawValue) }),
            "silhouettes": .object(
                Dictionary(uniqueKeysWithValues: clusters.silhouettes.map { ("\($0.key)", JSONValue.number($0.value)) })
            ),
            "clusters": .array(
                clusters.sizes.indices.map { c in
                    .object([
                        "cluster": .integer(Int64(c)), "customers": .integer(Int64(clusters.sizes[c])),
                        "centroid": .object(
                            Dictionary(
                                uniqueKeysWithValues: zip(clusters.features, clusters.centroids[c]).map {
                                    ($0.rawValue, JSONValue.number($1))
                                })),
                    ])
                }),
        ])
    }

    public var text: String {
        let total = clusters.sizes.reduce(0, +)
        var out = "k-means as of \(asOf): \(Readable.count(total)) customers with orders, k = \(clusters.k), "
        out += "seed \(seed), inertia \(Readable.decimal(clusters.inertia, places: 1)) (standardised units)\n"
        if !clusters.silhouettes.isEmpty {
            out += "silhouette by k: "
            out +=
                clusters.silhouettes.keys.sorted().map {
                    "\($0): \(Readable.decimal(clusters.silhouettes[$0]!, places: 3))"
                }
                .joined(separator: ", ") + "\n"
        }
        out += "centroids in original units (order days and spend are geometric-type means)\n\n"
        let header = ["cluster", "customers", "share"] + clusters.features.map(Self.label)
        var table = TextTable(header: header, rightAligned: Set(1..<header.count))
        for c in clusters.sizes.indices {
            table.add(
                [
                    "\(c)", Readable.count(clusters.sizes[c]),
                    Readable.percent(Double(clusters.sizes[c]) / Double(max(total, 1))),
                ]
                    + zip(clusters.centroids[c], clusters.features).map { Self.format($0, $1) })
        }
        return out + table.render()
    }
}
