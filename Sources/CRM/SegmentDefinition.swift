/// A saved rule segment (replicated table `segments`): the same name means the same rule on every node.
public struct SegmentDefinition: Sendable, Equatable {
    public var name: String
    /// The rule, in the language of `RuleExpression`.
    public var expression: String
    public var description: String
    public var createdAt: String
    public var updatedAt: String
}
