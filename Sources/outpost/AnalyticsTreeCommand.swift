import Analytics
import ArgumentParser
import CRM
import Foundation
import Node

extension AnalyticsCommand {
    struct Tree: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A decision tree (CART, Gini) on the customer features, printed as one rule per leaf.",
            discussion: """
                --target churned:DAYS: features as of DAYS days before --as-of, for customers with an order in the \
                window then; positive = no purchase in the DAYS days that followed. --target segment:NAME: features \
                as of --as-of for every customer; positive = member of the saved segment. converted:CAMPAIGN needs \
                campaigns, which are not available yet. --save-segment NAME --leaf N saves leaf N's rule as a segment.
                """)
        @OptionGroup var options: Options
        @Option(help: ArgumentHelp("churned:DAYS, segment:NAME or converted:CAMPAIGN.", valueName: "target"))
        var target: String
        @Option(help: "Deepest level of splits.") var maxDepth = 4
        @Option(help: "Fewest customers in a leaf.") var minLeaf = 50
        @Option(help: ArgumentHelp("Save a leaf's rule as a segment with this name (needs --leaf).", valueName: "name"))
        var saveSegment: String?
        @Option(help: ArgumentHelp("The leaf to save, numbered as printed.", valueName: "N")) var leaf: Int?
        @Option(help: .hidden) var writeMatrix: String?

        var parsedTarget: TreeTarget? { TreeTarget(target) }

        func validate() throws {
            guard let parsed = parsedTarget else {
                throw ValidationError(
                    "--target '\(target)' is not churned:DAYS (DAYS ≥ 1), segment:NAME or converted:CAMPAIGN")
            }
            if case .converted(let campaign) = parsed {
                throw ValidationError(TreeError.campaignsUnavailable(campaign).description)
            }
            if maxDepth < 0 || maxDepth > 32 { throw ValidationError("--max-depth must be 0…32") }
            if minLeaf < 1 { throw ValidationError("--min-leaf must be 1 or more") }
            if (saveSegment == nil) != (leaf == nil) {
                throw ValidationError("--save-segment and --leaf go together")
            }
        }

        func run() throws {
            let directory = options.global.directory
            let replica = try saveSegment == nil ? directory.openReplicaForReading() : directory.openReplica()
            let grown = try CustomerTree.grow(
                replica: replica, asOf: options.day, target: parsedTarget!, maxDepth: maxDepth, minLeaf: minLeaf)
            if let writeMatrix {
                try grown.matrixCSV.write(toFile: writeMatrix, atomically: true, encoding: .utf8)
            }
            var report = TreeReport(asOf: options.day, grown: grown)
            if let saveSegment, let leaf {
                let rule = try grown.rule(forLeaf: leaf)
                let node = grown.tree.nodes[try grown.leafNode(leaf)]
                let description =
                    "leaf \(leaf) of the \(grown.target) tree as of \(options.day) "
                    + "(\(node.samples) customers, \(Readable.percent(node.rate)) positive)"
                do {
                    _ = try SegmentBook(replica: replica).define(
                        name: saveSegment, expression: rule, description: description)
                } catch let error as SegmentError {
                    throw SegmentView.nodeError(error)
                }
                report.saved = (saveSegment, leaf, rule)
            }
            options.emit(json: report.json, text: report.text)
        }
    }
}
