import Analytics
import Testing

@Suite struct RuleExpressionTests {
    private let customers = CustomerFeatures(rows: [
        CustomerFeatureRow(id: "east-big", region: "east", tags: ["vip"], hasOrders: true, spend365: 150_000),
        CustomerFeatureRow(id: "east-small", region: "east", hasOrders: true, spend365: 2_000),
        CustomerFeatureRow(id: "west-big", region: "west", tags: ["vip", "chain"], hasOrders: true, spend365: 120_000),
        CustomerFeatureRow(id: "north", region: "north", spend365: 60_000),
    ])

    private func ids(_ rule: String, context: RuleContext = RuleContext()) throws -> [String] {
        try RuleExpression(rule, extraFields: context.extraFields).matchingIDs(customers, context: context)
    }

    private func error(_ rule: String) -> RuleError? {
        do {
            _ = try RuleExpression(rule)
            return nil
        } catch {
            return error
        }
    }

    @Test func theExampleRuleSelectsBigEasternVips() throws {
        #expect(try ids(#"monetary_365 >= 100000 and region == "east" and has_tag("vip")"#) == ["east-big"])
    }

    @Test func andBindsTighterThanOr() throws {
        #expect(
            try ids(#"region == "west" or region == "east" and monetary_365 >= 100_000"#) == ["east-big", "west-big"])
        #expect(
            try ids(#"(region == "west" or region == "east") and monetary_365 < 1e5"#) == ["east-small"])
    }

    @Test func notAppliesToTheComparisonAfterIt() throws {
        #expect(try ids(#"not region == "east" and monetary_365 > 100000"#) == ["west-big"])
        #expect(try ids(#"not (region == "east" or has_tag('chain'))"#) == ["north"])
    }

    @Test func listsTestMembership() throws {
        #expect(try ids(#"region in ["west", "north"]"#) == ["west-big", "north"])
        #expect(try ids(#"region not in ["west", "north"] and has_orders"#) == ["east-big", "east-small"])
        #expect(try ids("monetary_365 in [2000, 60000]") == ["east-small", "north"])
    }

    @Test func tierAndContextFieldsCanBeUsed() throws {
        let context = RuleContext(texts: ["rfm_segment": ["Champions", "Lost", "Champions", "Others"]])
        #expect(
            try ids(#"tier == "value" and rfm_segment == "Champions""#, context: context) == ["east-big", "west-big"])
        #expect(try ids(#"tier == "potential""#) == ["north"])
    }

    @Test func missingValueAfterAnOperatorPointsAtTheGap() {
        let e = error(#"monetary_365 >= and region == "east""#)
        #expect(e?.kind == .syntax)
        #expect(e?.column == 17)
        #expect(e?.description == "expected a value after '>=', found 'and' at column 17")
        #expect(error("monetary_365 >=")?.column == 16)
        #expect(error("region ==")?.message == "expected a value after '==', found the end of the expression")
    }

    @Test func syntaxErrorsNameWhatWasExpected() {
        #expect(error(#"(region == "east""#)?.message.hasPrefix("expected ')' to close the '(' at column 1") == true)
        #expect(error(#"region == "east" monetary > 1"#)?.column == 18)
        #expect(error(#"region = "east""#)?.column == 8)
        #expect(error(#"region == "east"#)?.message.hasPrefix("unterminated string") == true)
        #expect(error("region in \"east\"")?.message.hasPrefix("expected '[' after 'in'") == true)
        #expect(error("")?.message == "expected an expression")
    }

    @Test func typeErrorsAreCaughtBeforeEvaluation() {
        let text = error(#"region >= 5"#)
        #expect(text?.kind == .type)
        #expect(text?.column == 8)
        #expect(text?.message == "cannot compare text with number using '>='")
        #expect(error(#"region < "f""#)?.message == "'<' needs numbers, not text")
        #expect(error("monetary and has_orders")?.column == 1)
        #expect(error("monetary")?.kind == .type)
        #expect(error(#"region in ["east", 3]"#)?.column == 20)
        #expect(error("has_tag(5)")?.column == 9)
    }

    @Test func unknownNamesArePointedAt() {
        let e = error(#"region == "east" and spend_999 > 1"#)
        #expect(e?.kind == .unknownName)
        #expect(e?.column == 22)
        #expect(error(#"has_tags("vip")"#)?.message.hasPrefix("unknown function 'has_tags'") == true)
    }

    @Test func negativeAndDecimalNumbersParse() throws {
        #expect(try ids("monetary_365 > -1 and monetary_365 >= .5e5") == ["east-big", "west-big", "north"])
    }
}
