import Testing

@Test func placeholderCRMTests() { #expect(Bool(true)) }
