import Testing

@Test func placeholderZeroMQTests() { #expect(Bool(true)) }
