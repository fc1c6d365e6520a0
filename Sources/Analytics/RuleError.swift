/// Why a rule expression was refused, and where.
public struct RuleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of mistake it is.
    public enum Kind: String, Sendable, Equatable {
        /// The text does not follow the grammar.
        case syntax
        /// An identifier or function that does not exist.
        case unknownName
        /// Operands of the wrong type (text compared with a number, `and` on a number, ...).
        case type
        /// Longer or more deeply nested than the parser accepts (see ``RuleExpression/maxLength``).
        case tooLarge
    }

    public var kind: Kind
    /// What was wrong, without the position, e.g. `expected a value after '>='`.
    public var message: String
    /// 1-based column (in characters) the message points at; one past the end for "unexpected end".
    public var column: Int

    public init(_ kind: Kind, _ message: String, column: Int) {
        self.kind = kind
        self.message = message
        self.column = column
    }

    /// `message at column N`.
    public var description: String { "\(message) at column \(column)" }
}
