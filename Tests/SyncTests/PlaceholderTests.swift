import Testing

@Test func placeholderSyncTests() { #expect(Bool(true)) }
