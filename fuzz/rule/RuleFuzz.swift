// libFuzzer target for the segment rule parser (scripts/fuzz.sh rule). Built only with OUTPOST_FUZZ=1.
//
// Properties checked on every input, besides "does not trap or overflow the stack":
// - parsing is deterministic, and every error names a column inside the source;
// - an accepted rule keeps the bounds: at most maxLength UTF-8 bytes, `not`/call nesting at most maxDepth, no more
//   tree nodes than bytes, every node's column inside the source;
// - an accepted rule evaluates on a small feature table to one answer per customer, and its negation
//   `not (rule)` parses (or is refused only as too large) and gives exactly the opposite answers, while
//   `(rule) and (rule)` gives the same ones.
import Analytics
import Foundation

private let features = CustomerFeatures(
    ids: ["c1", "c2", "c3", "c4"], regions: ["east", "west", "east", ""], channels: ["modern", "traditional", "", "x"],
    districts: ["西湖", "", "d", "d"], businessTypes: ["", "shop", "shop", "bar"],
    statuses: ["active", "closed", "active", "paused"], tags: [["vip"], [], ["vip", "new"], [""]],
    hasOrders: [true, false, true, true], recencyDays: [3, 400, 0, .infinity], frequency: [12, 0, 1, 2],
    monetary: [100_000, 0, -5, .nan], spend90: [1, 2, 3, 4], spend365: [5e5, 0, 1e-9, -0.0])
private let context = RuleContext(
    numbers: ["stars": [1, 2, 3, .nan]],
    texts: ["rfm_segment": ["champions", "lost", "", "新"], "lifecycle": ["active", "dormant", "new", "x"]])

private func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("property violated: \(message())") }
}

private func parse(_ source: String) -> Result<RuleExpression, RuleError> {
    Result { () throws(RuleError) in try RuleExpression(source, extraFields: context.extraFields) }
}

/// Nodes in the tree, and the deepest nesting of `not` and function calls.
private func measure(_ node: RuleNode, _ columns: ClosedRange<Int>) -> (nodes: Int, nesting: Int) {
    check(columns.contains(node.column), "node column \(node.column) outside \(columns)")
    switch node {
    case .number, .text, .boolean, .field:
        return (1, 0)
    case .call(_, let arguments, _):
        let inner = arguments.map { measure($0, columns) }
        return (1 + inner.reduce(0) { $0 + $1.nodes }, 1 + (inner.map(\.nesting).max() ?? 0))
    case .not(let operand, _):
        let inner = measure(operand, columns)
        return (1 + inner.nodes, 1 + inner.nesting)
    case .and(let left, let right), .or(let left, let right), .compare(_, let left, let right, _):
        let (l, r) = (measure(left, columns), measure(right, columns))
        return (1 + l.nodes + r.nodes, max(l.nesting, r.nesting))
    case .member(let value, let list, _, _):
        let inner = ([value] + list).map { measure($0, columns) }
        return (1 + inner.reduce(0) { $0 + $1.nodes }, inner.map(\.nesting).max() ?? 0)
    }
}

private func evaluate(_ rule: RuleExpression) -> [Bool] {
    do {
        let answers = try rule.matches(features, context: context)
        check(answers.count == features.count, "\(answers.count) answers for \(features.count) customers")
        return answers
    } catch {
        fatalError("property violated: an accepted rule fails to evaluate: \(error)")
    }
}

/// A rule built around `source`: parsed, or refused only for size.
private func derived(_ text: String) -> RuleExpression? {
    switch parse(text) {
    case .success(let rule): return rule
    case .failure(let error) where error.kind == .tooLarge: return nil
    case .failure(let error): fatalError("property violated: derived rule \(text.debugDescription) fails: \(error)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRule(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let result = parse(source)
    check(parse(source) == result, "parsing is not deterministic")
    let columns = 1...(source.count + 1)
    let rule: RuleExpression
    switch result {
    case .failure(let error):
        check(columns.contains(error.column), "error column \(error.column) outside \(columns): \(error)")
        check(!error.message.isEmpty, "empty error message")
        return 0
    case .success(let parsed):
        rule = parsed
    }
    check(rule.source == source, "source not kept")
    check(source.utf8.count <= RuleExpression.maxLength, "accepted a rule of \(source.utf8.count) bytes")
    let (nodes, nesting) = measure(rule.root, columns)
    check(nesting <= RuleExpression.maxDepth, "accepted nesting \(nesting)")
    check(nodes <= source.utf8.count, "\(nodes) nodes from \(source.utf8.count) bytes")

    let answers = evaluate(rule)
    // Newlines keep the source's first and last characters from merging with the brackets around them.
    if let negated = derived("not (\n" + source + "\n)") {
        check(evaluate(negated) == answers.map { !$0 }, "not (rule) is not the opposite of rule")
    }
    if let doubled = derived("(\n" + source + "\n) and (\n" + source + "\n)") {
        check(evaluate(doubled) == answers, "(rule) and (rule) differs from rule")
    }
    return 0
}

/// With OUTPOST_FUZZ_SEEDS=DIR, writes the seed corpus (a few valid and invalid rules) there and exits.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzRuleInitialize(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
) -> CInt {
    guard let directory = ProcessInfo.processInfo.environment["OUTPOST_FUZZ_SEEDS"] else { return 0 }
    let seeds = [
        "vip": #"monetary_365 >= 100000 and region == "east" and has_tag("vip")"#,
        "members": "tier in ['gold', 'silver'] or not has_orders",
        "numbers": "recency <= 1e5 and frequency != -3 and spend_90 > 100_000 or average_basket < .5",
        "extra": #"stars >= 4 and rfm_segment not in ["lost", "hibernating"] and lifecycle == 'active'"#,
        "nested": "not (not (has_orders and (channel == \"modern\" or district == \"西湖\")))",
        "broken-unclosed": "(recency < 30 and frequency > 2",
        "broken-type": "region > 3",
        "broken-assign": "status = 'active'",
    ]
    for (name, rule) in seeds {
        _ = FileManager.default.createFile(atPath: directory + "/" + name + ".rule", contents: Data(rule.utf8))
    }
    exit(0)
}
