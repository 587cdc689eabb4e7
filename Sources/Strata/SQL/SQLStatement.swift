/// One statement cut out of a SQL script, with where it came from.
///
/// ``SQLStatementSplitter`` produces these values from a migration section so that the
/// engine can send the statements one by one (ClickHouse's HTTP interface refuses several
/// statements in one request) and name the line of the one that failed.
///
/// The ``text`` is the statement as written, from its first to its last piece of code:
/// comments and blanks before the statement and after its last token are not part of it,
/// comments inside it are kept verbatim, and the terminating `;` is left out.
///
/// ```swift
/// let script = """
///     -- the raw events
///     CREATE TABLE events (id UInt64) ENGINE = MergeTree ORDER BY id;
///     """
/// let statement = SQLStatementSplitter.split(script)[0]
/// // statement.text      == "CREATE TABLE events (id UInt64) ENGINE = MergeTree ORDER BY id"
/// // statement.startLine == 2
/// // statement.index     == 1
/// ```
public struct SQLStatement: Sendable, Hashable {
    /// The statement as written, without the terminating `;`, leading comments or
    /// surrounding whitespace; never empty.
    public var text: String

    /// Where ``text`` lies in the script, as offsets into the script's UTF-8 view.
    ///
    /// `String(decoding: Array(script.utf8)[utf8Range], as: UTF8.self) == text` always holds.
    /// Offsets (rather than `String.Index`) keep the value meaningful apart from the
    /// script it was cut from, and make it easy to compare in tests.
    public var utf8Range: Range<Int>

    /// The 1-based line of the statement's first character within the script.
    ///
    /// Lines are separated by LF; a CRLF pair counts as one line break and a lone CR
    /// does not break a line (as in ClickHouse's own lexer).
    public var startLine: Int

    /// The 1-based position of the statement among the statements of the script.
    public var index: Int

    /// What was left open at the end of the script, if this statement runs into the end
    /// of the script inside a string, quoted identifier, block comment or heredoc.
    ///
    /// Only the last statement of a script can be unterminated. ClickHouse would refuse
    /// it; the engine should stop before sending it and report ``Unterminated/line``.
    public var unterminated: Unterminated?

    /// Creates a statement; ``SQLStatementSplitter`` is the usual source of these.
    ///
    /// - Parameters:
    ///   - text: The statement as written, without `;` and surrounding blanks.
    ///   - utf8Range: Where `text` lies in the script, as UTF-8 offsets.
    ///   - startLine: The 1-based line of the first character of `text`.
    ///   - index: The 1-based position of the statement in its script.
    ///   - unterminated: What was left open at the end of the script, if anything.
    public init(
        text: String,
        utf8Range: Range<Int>,
        startLine: Int,
        index: Int,
        unterminated: Unterminated? = nil
    ) {
        self.text = text
        self.utf8Range = utf8Range
        self.startLine = startLine
        self.index = index
        self.unterminated = unterminated
    }

    /// Whether the statement ends properly, with nothing left open.
    public var isComplete: Bool { unterminated == nil }
}
