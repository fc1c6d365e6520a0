import Testing

@Test func placeholderSyncProtocolTests() { #expect(Bool(true)) }
