extension SQLStatement {
    /// A string, quoted identifier, block comment or heredoc that the script opens and
    /// never closes.
    ///
    /// Everything from the opening delimiter to the end of the script belongs to it, so
    /// the splitter cannot know where the following statements begin: the rest of the
    /// script becomes one last statement that carries this value. The engine should refuse
    /// to run it and name both ``line`` and the statement's ``SQLStatement/startLine``:
    /// the mistake is at ``line`` or, when an earlier quote is the one missing its pair,
    /// somewhere between the two (`'a);` on line 4 pairs with the first quote of line 7,
    /// and the second quote of line 7 is then the one reported).
    ///
    /// ```swift
    /// let statements = SQLStatementSplitter.split("SELECT 1;\nSELECT 'oops;\nSELECT 3;")
    /// // statements[1].text == "SELECT 'oops;\nSELECT 3;"
    /// // statements[1].unterminated?.description
    /// //   == "the single-quoted string opened on line 2 is never closed; add the closing '"
    /// ```
    public struct Unterminated: Sendable, Hashable, CustomStringConvertible {
        /// The kind of construct left open.
        public var construct: Construct

        /// The 1-based line of the opening delimiter.
        public var line: Int

        /// Creates a description of an unclosed construct.
        ///
        /// - Parameters:
        ///   - construct: The kind of construct left open.
        ///   - line: The 1-based line of its opening delimiter.
        public init(construct: Construct, line: Int) {
            self.construct = construct
            self.line = line
        }

        /// A sentence naming what is open, where it opens, and how to close it.
        public var description: String {
            "the \(construct.name) opened on line \(line) is never closed; "
                + "add the closing \(construct.closingDelimiter)"
        }
    }
}

extension SQLStatement.Unterminated {
    /// The constructs that run until a closing delimiter.
    public enum Construct: Sendable, Hashable {
        /// A string literal, `'...'`.
        case singleQuotedString
        /// A double-quoted identifier, `"..."`.
        case doubleQuotedIdentifier
        /// A back-quoted identifier, `` `...` ``.
        case backQuotedIdentifier
        /// A block comment, `/* ... */`, possibly nested.
        case blockComment
        /// A heredoc opened by `delimiter`, such as `$$` or `$body$`.
        case heredoc(delimiter: String)

        /// How the construct is called in messages.
        public var name: String {
            switch self {
            case .singleQuotedString: "single-quoted string"
            case .doubleQuotedIdentifier: "double-quoted identifier"
            case .backQuotedIdentifier: "back-quoted identifier"
            case .blockComment: "block comment"
            case .heredoc(let delimiter): "heredoc \(delimiter)"
            }
        }

        /// The text that would close the construct.
        public var closingDelimiter: String {
            switch self {
            case .singleQuotedString: "'"
            case .doubleQuotedIdentifier: "\""
            case .backQuotedIdentifier: "`"
            case .blockComment: "*/"
            case .heredoc(let delimiter): delimiter
            }
        }
    }
}
