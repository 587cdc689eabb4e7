/// The lexical rules that decide where an engine's statements end: which comments, quotes
/// and dollar-quoted strings its parser knows. Pure data.
///
/// A `;` ends a statement only outside every construct the engine reads. Engines disagree
/// (ClickHouse reads `# ` as a comment since 22.2, DuckDB does not know `//` comments), and
/// one engine's releases disagree with each other, so every driver states the rules of the
/// engine it is connected to (``MigrationDriver/sqlSyntax``) and the splitter follows them.
///
/// Where the rules cannot be known (no server to ask), ``SQLSyntax/widest`` reads every
/// construct any engine reads: a `;` that some engine would read as inside a comment never
/// ends a statement. Sending too much in one request is refused by the server; sending the
/// rest of a comment as a statement of its own would run it.
///
/// ```swift
/// let old = SQLSyntax(hashComments: false)
/// SQLStatementSplitter.split("SELECT 1 # x; SELECT 2", syntax: old).count      // 2
/// SQLStatementSplitter.split("SELECT 1 # x; SELECT 2", syntax: .widest).count  // 1
/// ```
public struct SQLSyntax: Sendable, Hashable {
    /// Which `$...$` delimiters open a dollar-quoted string (a heredoc).
    public enum DollarQuotes: Sendable, Hashable {
        /// `$` never quotes.
        case none
        /// `$tag$`, the tag letters, digits and `_` not starting with a digit, or empty (`$$`),
        /// and only where a word does not continue (`a$b$` is a word): PostgreSQL's and DuckDB's
        /// rule, where `$1` is a parameter.
        case identifierTags
        /// `$tag$`, the tag any letters, digits and `_` (`$1$` too), or empty, where a word does
        /// not continue: ClickHouse 25.8 and later.
        case wordTags
        /// `$...$` with anything but `$` between the two dollars (ClickHouse 21.8 to 25.7,
        /// which read `$a b$ ... $a b$` as a heredoc).
        case anyTags
    }

    /// Which `$...$` delimiters open a heredoc.
    public var dollarQuotes: DollarQuotes
    /// `# ` (a space after it) and `#!` start a comment to the end of the line.
    public var hashComments: Bool
    /// `//` starts a comment to the end of the line.
    public var slashComments: Bool
    /// `/* /* */ */` is one comment; when `false`, a block comment ends at the first `*/`.
    public var nestedBlockComments: Bool
    /// A backslash inside quotes escapes the byte after it (`'it\'s'`).
    public var backslashEscapes: Bool
    /// `` `...` `` quotes an identifier.
    public var backQuotes: Bool
    /// Unicode space characters (no-break space, the U+2000 spaces, ideographic space, ...)
    /// count as blanks between tokens.
    public var unicodeBlanks: Bool

    public init(
        dollarQuotes: DollarQuotes = .wordTags, hashComments: Bool = true, slashComments: Bool = true,
        nestedBlockComments: Bool = true, backslashEscapes: Bool = true, backQuotes: Bool = true, unicodeBlanks: Bool = true
    ) {
        self.dollarQuotes = dollarQuotes
        self.hashComments = hashComments
        self.slashComments = slashComments
        self.nestedBlockComments = nestedBlockComments
        self.backslashEscapes = backslashEscapes
        self.backQuotes = backQuotes
        self.unicodeBlanks = unicodeBlanks
    }

    /// Every construct any supported engine reads: what the splitter assumes when no engine
    /// states its rules (lint without a server, golden files).
    public static let widest = SQLSyntax(dollarQuotes: .anyTags)

    /// What every engine reads alike: `'...'` strings and `"..."` names with doubled quotes,
    /// `--` and nested `/* */` comments, `$tag$` heredocs, and nothing else. A construct open
    /// under both these rules and ``widest`` is open whichever engine reads it.
    public static let common = SQLSyntax(
        dollarQuotes: .identifierTags, hashComments: false, slashComments: false, nestedBlockComments: true,
        backslashEscapes: false, backQuotes: false, unicodeBlanks: false)
}
