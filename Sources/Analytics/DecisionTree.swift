/// A binary classification tree grown by CART with the Gini criterion, split for split as scikit-learn's
/// `DecisionTreeClassifier(criterion="gini", max_depth=…, min_samples_leaf=…)` grows it.
///
/// - Inputs are rounded to single precision first (scikit-learn stores X as float32), and values closer than 1e-7
///   count as equal.
/// - A node stays a leaf when it is at `maxDepth`, has fewer than 2 · `minLeaf` (or 2) samples, or is pure.
///   Otherwise every feature is sorted and every cut between two distinct values that leaves ≥ `minLeaf` samples
///   on each side is scored by −n_R · Gini_R − n_L · Gini_L (Gini = 1 − Σ countₖ² / n²); the highest score wins.
///   The threshold is the midpoint of the two values (`a/2 + b/2`, or `a` if that rounds up to `b`); samples with
///   value ≤ threshold go left.
/// - Ties between candidate splits: scikit-learn visits features in a random order and keeps the first best; here
///   the lowest feature index (then the lowest threshold) wins. Without ties the trees are equal.
/// - Nodes are numbered in preorder (node, left subtree, right subtree), as scikit-learn's `tree_` numbers them.
public struct DecisionTree: Sendable, Equatable {
    /// One node; a leaf has no `feature`.
    public struct Node: Sendable, Equatable {
        public var feature: Int?
        /// Samples with value ≤ threshold go to `left`.
        public var threshold: Double
        public var left: Int?
        public var right: Int?
        public var depth: Int
        public var samples: Int
        /// Samples with label true.
        public var positives: Int
        public var impurity: Double

        /// positives / samples.
        public var rate: Double { samples > 0 ? Double(positives) / Double(samples) : 0 }
    }

    public var nodes: [Node]
    public var featureNames: [String]
    public var maxDepth: Int
    public var minLeaf: Int

    /// Grows a tree on `inputs` (one row per sample, one column per entry of `featureNames`) and `labels`.
    public static func fit(
        _ inputs: FeatureMatrix, labels: [Bool], featureNames: [String], maxDepth: Int = 4, minLeaf: Int = 50
    ) -> DecisionTree {
        precondition(inputs.rows == labels.count && inputs.dimension == featureNames.count)
        precondition(maxDepth >= 0 && minLeaf >= 1)
        var builder = Builder(
            values: inputs.values.map { Float($0) }, dimension: inputs.dimension, labels: labels,
            maxDepth: maxDepth, minLeaf: minLeaf)
        if inputs.rows > 0 {
            let all = Array(0..<inputs.rows)
            builder.grow(all, depth: 0, impurity: Builder.gini(all.count, all.filter { labels[$0] }.count))
        }
        return DecisionTree(nodes: builder.nodes, featureNames: featureNames, maxDepth: maxDepth, minLeaf: minLeaf)
    }

    /// Leaf node numbers, left to right (preorder).
    public var leaves: [Int] { nodes.indices.filter { nodes[$0].feature == nil } }

    /// One condition on the way to a node: `feature <= threshold` (left) or `feature > threshold` (right).
    public struct Condition: Sendable, Equatable {
        public var feature: Int
        public var isLessOrEqual: Bool
        public var threshold: Double
    }

    /// The conditions from the root to node `target`, in order; empty for the root.
    public func path(to target: Int) -> [Condition] {
        var parent = [Int: (Int, Bool)]()
        for (i, node) in nodes.enumerated() {
            if let l = node.left { parent[l] = (i, true) }
            if let r = node.right { parent[r] = (i, false) }
        }
        var conditions: [Condition] = []
        var current = target
        while let (p, isLeft) = parent[current] {
            conditions.append(
                Condition(feature: nodes[p].feature!, isLessOrEqual: isLeft, threshold: nodes[p].threshold))
            current = p
        }
        return conditions.reversed()
    }

    /// The leaf a row of inputs falls in (compared in single precision, as the tree was grown).
    public func leaf(for row: [Double]) -> Int {
        var i = 0
        while let feature = nodes[i].feature {
            i = Double(Float(row[feature])) <= nodes[i].threshold ? nodes[i].left! : nodes[i].right!
        }
        return i
    }

    struct Builder {
        let values: [Float]
        let dimension: Int
        let labels: [Bool]
        let maxDepth: Int
        let minLeaf: Int
        var nodes: [Node] = []

        static let featureThreshold: Float = 1e-7
        static let epsilon = Double.ulpOfOne

        static func gini(_ n: Int, _ positives: Int) -> Double {
            let c1 = Double(positives)
            let c0 = Double(n - positives)
            let w = Double(n)
            return 1.0 - (c0 * c0 + c1 * c1) / (w * w)
        }

        /// Adds the node for `samples` and, unless it is a leaf, its subtrees; returns its number.
        @discardableResult
        mutating func grow(_ samples: [Int], depth: Int, impurity: Double) -> Int {
            let n = samples.count
            let positives = samples.filter { labels[$0] }.count
            let id = nodes.count
            nodes.append(
                Node(
                    feature: nil, threshold: 0, left: nil, right: nil, depth: depth, samples: n, positives: positives,
                    impurity: impurity))
            var isLeaf = depth >= maxDepth || n < 2 || n < 2 * minLeaf
            isLeaf = isLeaf || impurity <= Self.epsilon
            guard !isLeaf, let split = bestSplit(samples, positives: positives, impurity: impurity) else { return id }
            nodes[id].feature = split.feature
            nodes[id].threshold = split.threshold
            nodes[id].left = grow(split.left, depth: depth + 1, impurity: split.leftImpurity)
            nodes[id].right = grow(split.right, depth: depth + 1, impurity: split.rightImpurity)
            return id
        }

        struct Split {
            var feature: Int
            var threshold: Double
            var left: [Int]
            var right: [Int]
            var leftImpurity: Double
            var rightImpurity: Double
        }

        func bestSplit(_ samples: [Int], positives: Int, impurity: Double) -> Split? {
            let n = samples.count
            var best: (proxy: Double, feature: Int, position: Int, threshold: Double, order: [Int])?
            for feature in 0..<dimension {
                let value = { (s: Int) in values[s * dimension + feature] }
                let order = samples.sorted { value($0) < value($1) }
                guard value(order[n - 1]) > value(order[0]) + Self.featureThreshold else { continue }
                var leftPositives = 0
                var p = 0
                while p < n {
                    while p + 1 < n && value(order[p + 1]) <= value(order[p]) + Self.featureThreshold {
                        if labels[order[p]] { leftPositives += 1 }
                        p += 1
                    }
                    if labels[order[p]] { leftPositives += 1 }
                    p += 1
                    guard p < n else { break }
                    // `p` samples go left.
                    if p < minLeaf || n - p < minLeaf { continue }
                    let nL = Double(p)
                    let nR = Double(n - p)
                    let giniL = Self.gini(p, leftPositives)
                    let giniR = Self.gini(n - p, positives - leftPositives)
                    let proxy = -nR * giniR - nL * giniL
                    if best == nil || proxy > best!.proxy {
                        let a = Double(value(order[p - 1]))
                        let b = Double(value(order[p]))
                        var threshold = a / 2.0 + b / 2.0
                        if threshold == b || threshold.isInfinite { threshold = a }
                        best = (proxy, feature, p, threshold, order)
                    }
                }
            }
            guard let best else { return nil }
            let left = Array(best.order[..<best.position])
            let right = Array(best.order[best.position...])
            let leftImpurity = Self.gini(left.count, left.filter { labels[$0] }.count)
            let rightImpurity = Self.gini(right.count, right.filter { labels[$0] }.count)
            let nL = Double(left.count)
            let nR = Double(right.count)
            let w = Double(n)
            let improvement = impurity - nR / w * rightImpurity - nL / w * leftImpurity
            guard improvement + Self.epsilon >= 0 else { return nil }
            return Split(
                feature: best.feature, threshold: best.threshold, left: left.sorted(), right: right.sorted(),
                leftImpurity: leftImpurity, rightImpurity: rightImpurity)
        }
    }
}
