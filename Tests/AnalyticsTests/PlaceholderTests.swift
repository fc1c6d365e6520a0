import Testing

@Test func placeholderAnalyticsTests() { #expect(Bool(true)) }
