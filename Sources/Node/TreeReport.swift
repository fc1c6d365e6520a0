import Analytics
import CRM

/// `outpost analytics tree`: a CART tree for a target, printed as one rule per leaf with its size and rate.
public struct TreeReport: Sendable {
    public var asOf: CalendarDay
    public var grown: CustomerTree
    /// The segment saved from a leaf, if asked: name, leaf number, rule.
    public var saved: (name: String, leaf: Int, rule: String)?

    public init(asOf: CalendarDay, grown: CustomerTree, saved: (name: String, leaf: Int, rule: String)? = nil) {
        self.asOf = asOf
        self.grown = grown
        self.saved = saved
    }

    var positives: Int { grown.tree.nodes.first?.positives ?? 0 }

    /// What the label means, in words.
    var labelText: String {
        switch grown.target {
        case .churned(let days):
            let period = AnalyticsRun.outcomePeriod(after: grown.snapshot, days: days)
            return "no purchase from \(period.from) through \(period.until.adding(days: -1))"
        case .segment(let name): return "member of segment \(name)"
        case .converted(let campaign): return "converted in campaign \(campaign)"
        }
    }

    func leafRule(_ number: Int) -> String { (try? grown.rule(forLeaf: number)) ?? "" }

    public var json: JSONValue {
        let tree = grown.tree
        var object: [String: JSONValue] = [
            "as_of": .string(asOf.description), "target": .string(grown.target.description),
            "features_as_of": .string(grown.snapshot.description), "label": .string(labelText),
            "population": .integer(Int64(grown.population)), "positives": .integer(Int64(positives)),
            "max_depth": .integer(Int64(tree.maxDepth)), "min_leaf": .integer(Int64(tree.minLeaf)),
            "features": .array(tree.featureNames.map { .string($0) }),
            "nodes": .array(
                tree.nodes.enumerated().map { i, node in
                    .object([
                        "node": .integer(Int64(i)),
                        "feature": node.feature.map { .string(tree.featureNames[$0]) } ?? .null,
                        "threshold": node.feature == nil ? .null : .number(node.threshold),
                        "left": node.left.map { .integer(Int64($0)) } ?? .null,
                        "right": node.right.map { .integer(Int64($0)) } ?? .null, "depth": .integer(Int64(node.depth)),
                        "samples": .integer(Int64(node.samples)), "positives": .integer(Int64(node.positives)),
                        "rate": .number(node.rate), "impurity": .number(node.impurity),
                    ])
                }),
            "leaves": .array(
                tree.leaves.enumerated().map { number, node in
                    .object([
                        "leaf": .integer(Int64(number + 1)), "node": .integer(Int64(node)),
                        "samples": .integer(Int64(tree.nodes[node].samples)),
                        "positives": .integer(Int64(tree.nodes[node].positives)),
                        "rate": .number(tree.nodes[node].rate), "rule": .string(leafRule(number + 1)),
                    ])
                }),
        ]
        if let saved {
            object["saved_segment"] = .object([
                "name": .string(saved.name), "leaf": .integer(Int64(saved.leaf)), "rule": .string(saved.rule),
            ])
        }
        return .object(object)
    }

    public var text: String {
        let tree = grown.tree
        let total = grown.population
        var out = "Decision tree as of \(asOf), target \(grown.target): features as of \(grown.snapshot), "
        out += "label = \(labelText)\n"
        out += "\(Readable.count(total)) customers, \(Readable.count(positives)) positive "
        out += "(\(Readable.percent(total > 0 ? Double(positives) / Double(total) : 0))); CART (Gini), "
        out += "max depth \(tree.maxDepth), min leaf \(tree.minLeaf); \(tree.leaves.count) leaves\n\n"
        var table = TextTable(header: ["leaf", "customers", "positive", "rate", "rule"], rightAligned: [0, 1, 2, 3])
        for (number, node) in tree.leaves.enumerated() {
            let n = tree.nodes[node]
            table.add([
                String(number + 1), Readable.count(n.samples), Readable.count(n.positives), Readable.percent(n.rate),
                leafRule(number + 1),
            ])
        }
        out += table.render()
        if let saved {
            out += "\n\nsaved leaf \(saved.leaf) as segment \(saved.name): \(saved.rule)"
        }
        return out
    }
}
