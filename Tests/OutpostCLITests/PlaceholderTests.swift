import Testing

@Test func placeholderOutpostCLITests() { #expect(Bool(true)) }
