import Testing

@Test func placeholderReplicaTests() { #expect(Bool(true)) }
