import Analytics
import Foundation
import Testing

@Suite struct DecisionTreeTests {
    static let trees = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/trees")

    /// A committed matrix (fixtures/trees/*.csv): feature names, rows, labels.
    static func matrix(_ name: String) throws -> (names: [String], inputs: FeatureMatrix, labels: [Bool]) {
        let text = try String(contentsOf: trees.appendingPathComponent(name), encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        let header = try #require(lines.first)
        var values: [Double] = []
        var labels: [Bool] = []
        for line in lines.dropFirst() {
            values += try line.dropLast().map { try #require(Double($0)) }
            labels.append(line.last == "1")
        }
        return (Array(header.dropLast()), FeatureMatrix(values: values, dimension: header.count - 1), labels)
    }

    /// Every case of fixtures/trees/expected.json (made by fixtures/trees/make-expected.py with scikit-learn):
    /// same nodes in the same order, same features, thresholds within 1e-9, same sample and positive counts.
    @Test func treesEqualScikitLearnsOnTheCommittedMatrices() throws {
        let data = try Data(contentsOf: Self.trees.appendingPathComponent("expected.json"))
        let expected = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cases = try #require(expected["cases"] as? [[String: Any]])
        #expect(cases.count >= 3)
        for c in cases {
            let file = try #require(c["matrix"] as? String)
            let depth = try #require(c["max_depth"] as? Int)
            let leaf = try #require(c["min_samples_leaf"] as? Int)
            let label = "\(file) depth \(depth) leaf \(leaf)"
            let (names, inputs, labels) = try Self.matrix(file)
            #expect(inputs.rows == c["rows"] as? Int, "\(label)")
            let tree = DecisionTree.fit(inputs, labels: labels, featureNames: names, maxDepth: depth, minLeaf: leaf)
            let nodes = try #require(c["nodes"] as? [[String: Any]])
            #expect(tree.nodes.count == nodes.count, "\(label)")
            #expect(nodes.count > 7, "\(label): a tree this small tests little")
            for (i, (mine, theirs)) in zip(tree.nodes, nodes).enumerated() {
                #expect(mine.samples == theirs["samples"] as? Int, "\(label) node \(i)")
                #expect(mine.positives == theirs["positives"] as? Int, "\(label) node \(i)")
                #expect(
                    mine.left == theirs["left"] as? Int && mine.right == theirs["right"] as? Int, "\(label) node \(i)")
                #expect(mine.feature.map { names[$0] } == theirs["feature"] as? String, "\(label) node \(i)")
                if let threshold = theirs["threshold"] as? Double {
                    #expect(abs(mine.threshold - threshold) <= 1e-9, "\(label) node \(i)")
                }
            }
        }
    }

    @Test func aPureOrSmallNodeStaysALeaf() {
        let x = FeatureMatrix(values: [1, 2, 3, 4], dimension: 1)
        let pure = DecisionTree.fit(x, labels: [true, true, true, true], featureNames: ["a"], maxDepth: 4, minLeaf: 1)
        #expect(pure.nodes.count == 1 && pure.nodes[0].rate == 1)
        let small = DecisionTree.fit(
            x, labels: [true, false, true, false], featureNames: ["a"], maxDepth: 4, minLeaf: 3)
        #expect(small.nodes.count == 1, "4 samples cannot make two leaves of 3")
    }

    @Test func theBestGiniCutIsAtTheMidpointAndLeftIsLessOrEqual() {
        // Column b separates perfectly between 20 and 30; column a is noise.
        let rows: [[Double]] = [[5, 10], [1, 20], [4, 30], [2, 40], [3, 11]]
        let labels = [false, false, true, true, false]
        let tree = DecisionTree.fit(
            FeatureMatrix(rows: rows), labels: labels, featureNames: ["a", "b"], maxDepth: 1, minLeaf: 1)
        #expect(tree.nodes[0].feature == 1 && tree.nodes[0].threshold == 25)
        #expect(tree.nodes[1].samples == 3 && tree.nodes[1].positives == 0)
        #expect(tree.nodes[2].samples == 2 && tree.nodes[2].positives == 2)
        #expect(tree.leaf(for: [0, 25]) == 1 && tree.leaf(for: [0, 25.5]) == 2)
        #expect(tree.ruleConditions(to: 2) == "b > 25.0")
    }

    @Test func minLeafRulesOutCutsThatLeaveTooFewOnASide() {
        // The perfect cut would leave 1 on the right; with minLeaf 2 the cut moves.
        let x = FeatureMatrix(values: [1, 2, 3, 4, 5, 6], dimension: 1)
        let labels = [false, false, false, false, false, true]
        let tree = DecisionTree.fit(x, labels: labels, featureNames: ["a"], maxDepth: 1, minLeaf: 2)
        #expect(tree.nodes[0].threshold == 4.5)
        #expect(tree.nodes.allSatisfy { $0.samples >= 2 })
    }

    @Test func rulesKeepTheTightestBoundPerFeature() {
        // Depth 2 on one feature: the rightmost-but-one leaf is 2.5 < a <= 4.5 after a > 2.5, a <= 4.5.
        let x = FeatureMatrix(values: [1, 2, 3, 4, 5, 6], dimension: 1)
        let labels = [false, false, true, true, false, false]
        let tree = DecisionTree.fit(x, labels: labels, featureNames: ["a"], maxDepth: 2, minLeaf: 1)
        let rules = tree.leaves.map { tree.ruleConditions(to: $0) }
        #expect(rules.contains("a > 2.5 and a <= 4.5"), "\(rules)")
        for leaf in tree.leaves { #expect(tree.nodes[leaf].impurity == 0) }
    }
}
