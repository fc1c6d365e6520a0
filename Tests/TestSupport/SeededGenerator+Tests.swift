import Analytics

/// The tests' one seeded generator is Analytics' ``SeededGenerator`` (SplitMix64); these draws are the ones
/// the tests' former private copies made, so pinned seeds give the same sequences as before.
extension SeededGenerator {
    /// `next() % bound`: the draw the randomised sync tests pinned their seeds with.
    public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// A Fisher–Yates shuffle drawing with ``below(_:)``, as the feature-extraction tests pinned their shops.
    public mutating func shuffle<T>(_ items: inout [T]) {
        for i in stride(from: items.count - 1, to: 0, by: -1) { items.swapAt(i, below(i + 1)) }
    }
}
