import Analytics
import Replica

/// A decision tree over the customer features for a target, with what it was grown on.
///
/// - `churned:DAYS` as of D: features as of D − DAYS for the customers with an order day in the window then; label
///   = no purchase in the DAYS days that followed (``AnalyticsRun/outcomePeriod(after:days:)``, ending by D). The tree describes who stopped.
/// - `segment:NAME` as of D: features as of D for every customer; label = member of the saved segment as of D.
public struct CustomerTree: Sendable {
    public var target: TreeTarget
    /// The day whose features the tree splits on.
    public var snapshot: CalendarDay
    public var tree: DecisionTree
    /// Customers the tree was grown on.
    public var population: Int
    /// The rule that selects the population (`frequency > 0` for `churned`), prefixed to saved leaf rules.
    public var populationRule: String?
    /// The inputs and labels, for `--write-matrix`.
    public var inputs: FeatureMatrix
    public var labels: [Bool]

    /// Grows the tree for `target` from `replica` as of `asOf`.
    public static func grow(
        replica: Replica, asOf: CalendarDay, target: TreeTarget, maxDepth: Int, minLeaf: Int, windowDays: Int = 365
    ) throws -> CustomerTree {
        let snapshot: CalendarDay
        let positions: [Int]
        let labels: [Bool]
        let run: AnalyticsRun
        var populationRule: String?
        switch target {
        case .converted(let campaign):
            throw TreeError.campaignsUnavailable(campaign)
        case .churned(let days):
            snapshot = asOf.adding(days: -days)
            run = try AnalyticsRun.extract(from: replica, asOf: snapshot, windowDays: windowDays)
            positions = run.churnPopulation
            labels = try replica.reader.read { db in
                try AnalyticsRun.stopped(run.features, population: positions, after: snapshot, days: days, db: db)
            }
            populationRule = "frequency > 0"
            guard !positions.isEmpty else {
                throw TreeError.noCustomers("nobody had an order in the \(windowDays) days before \(snapshot)")
            }
        case .segment(let name):
            guard let definition = try SegmentBook(replica: replica).definition(named: name) else {
                throw TreeError.unknownSegment(name)
            }
            let rule = try SegmentBook.rule(definition.expression)
            snapshot = asOf
            run = try AnalyticsRun.extract(from: replica, asOf: asOf, windowDays: windowDays)
            positions = Array(0..<run.features.count)
            labels = try rule.matches(run.features, context: run.ruleContext(for: [rule]))
            guard !positions.isEmpty else { throw TreeError.noCustomers("the replica holds no customer") }
        }
        let inputs = DecisionTree.customerInputs(run.features, positions: positions)
        let tree = DecisionTree.fit(
            inputs, labels: labels, featureNames: DecisionTree.customerFields, maxDepth: maxDepth, minLeaf: minLeaf)
        return CustomerTree(
            target: target, snapshot: snapshot, tree: tree, population: positions.count,
            populationRule: populationRule, inputs: inputs, labels: labels)
    }

    /// Node number of leaf `number` (1-based, left to right).
    public func leafNode(_ number: Int) throws(TreeError) -> Int {
        let leaves = tree.leaves
        guard (1...leaves.count).contains(number) else { throw .noSuchLeaf(number, leaves: leaves.count) }
        return leaves[number - 1]
    }

    /// The segment rule selecting leaf `number`'s customers as of the snapshot day.
    public func rule(forLeaf number: Int) throws(TreeError) -> String {
        let conditions = tree.ruleConditions(to: try leafNode(number))
        guard let populationRule else { return conditions }
        return conditions == "true" ? populationRule : "\(populationRule) and \(conditions)"
    }

    /// The inputs and labels as CSV (header: the feature names and `label`; values in shortest round-trip form),
    /// the file scikit-learn reads to make the reference trees.
    public var matrixCSV: String {
        var out = (tree.featureNames + ["label"]).joined(separator: ",") + "\n"
        for i in 0..<inputs.rows {
            out += inputs.row(i).map { "\($0)" }.joined(separator: ",") + (labels[i] ? ",1\n" : ",0\n")
        }
        return out
    }
}
