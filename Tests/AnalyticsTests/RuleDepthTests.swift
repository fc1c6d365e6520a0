import Testing

@testable import Analytics

/// Rules replicate to every node and are parsed there: no rule may exhaust the parser's stack.
@Suite struct RuleDepthTests {
    private func error(_ rule: String) -> RuleError? {
        do {
            _ = try RuleExpression(rule)
            return nil
        } catch {
            return error
        }
    }

    private func nested(_ depth: Int, _ inner: String = "has_orders") -> String {
        String(repeating: "(", count: depth) + inner + String(repeating: ")", count: depth)
    }

    @Test func thirtyThousandParenthesesAreRefusedNotACrash() {
        let refused = error(nested(30_000))
        #expect(refused?.kind == .tooLarge)
        #expect(refused?.message.contains("4096 bytes") == true)
    }

    @Test func nestingPastTheLimitIsRefusedAtTheParenthesisThatGoesTooDeep() {
        // 64 levels: the whole expression plus 63 parentheses.
        #expect(error(nested(RuleExpression.maxDepth - 1)) == nil)
        let refused = error(nested(RuleExpression.maxDepth))
        #expect(refused?.kind == .tooLarge)
        #expect(refused?.column == RuleExpression.maxDepth)
        #expect(refused?.message.contains("nests more than 64 levels") == true)
    }

    @Test func notChainsAndFunctionArgumentsCountAsNesting() {
        #expect(error(String(repeating: "not ", count: 40) + "has_orders") == nil)
        #expect(error(String(repeating: "not ", count: 200) + "has_orders")?.kind == .tooLarge)
        #expect(error("has_tag(" + nested(100, #""vip""#) + ")")?.kind == .tooLarge)
    }

    @Test func ruleLengthIsCappedInBytesNotCharacters() {
        // '区' is 3 UTF-8 bytes: a string literal of 1,361 of them makes a 4,095-byte rule, one more goes past.
        let prefix = #"region == ""#
        let fill = (RuleExpression.maxLength - prefix.utf8.count - 1) / 3
        let fits = prefix + String(repeating: "区", count: fill) + "\""
        #expect(fits.utf8.count <= RuleExpression.maxLength)
        #expect(error(fits) == nil)
        let tooLong = prefix + String(repeating: "区", count: fill + 1) + "\""
        #expect(tooLong.utf8.count > RuleExpression.maxLength)
        #expect(error(tooLong)?.kind == .tooLarge)
    }

    @Test func aLongFlatAndChainWithinTheLengthStillParsesAndEvaluates() throws {
        // Chains are parsed in a loop, so their length, not the depth limit, bounds them.
        let rule = Array(repeating: "has_orders", count: 250).joined(separator: " and ")
        #expect(rule.utf8.count <= RuleExpression.maxLength)
        let features = CustomerFeatures(rows: [
            CustomerFeatureRow(id: "a", region: "east", hasOrders: true),
            CustomerFeatureRow(id: "b", region: "east"),
        ])
        #expect(try RuleExpression(rule).matchingIDs(features) == ["a"])
    }
}
