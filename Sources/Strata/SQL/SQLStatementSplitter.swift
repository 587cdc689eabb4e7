/// Cuts a SQL script into statements at the `;` that end them.
///
/// ClickHouse's HTTP interface runs one statement per request, so the engine splits each
/// migration section itself. Splitting on every `;` would break statements at a `;` inside
/// a string or a comment; the splitter reads the script the way the engine's lexer does,
/// following the ``SQLSyntax`` the driver states (ClickHouse's rules depend on its release):
///
/// - `'...'` strings, `"..."` and `` `...` `` identifiers, with doubled quotes (`''`) and
///   backslash escapes (`\'`, `\\`);
/// - `--`, `//`, `# ` and `#!` line comments, and `/* ... */` block comments, which nest;
/// - heredocs, `$$ ... $$` and `$tag$ ... $tag$`, where the tag is letters, digits and
///   underscores, not starting with a digit;
/// - blanks: space, tab, LF, CR, form feed, vertical tab, a byte-order mark at the very
///   start of the script, and Unicode's spaces where the engine skips them.
///
/// A `;` inside any of these is not special. The rules for what comes out:
///
/// - **Statements are code.** A statement's ``SQLStatement/text`` runs from its first to
///   its last token that is neither blank nor a comment: comments before a statement, or
///   between its last token and its `;`, are left out; comments inside it are kept.
/// - **Nothing but comments is nothing.** A piece of script holding only comments and
///   blanks is not a statement, and neither is an empty one (`;;`): a script of only
///   comments yields no statements.
/// - **The last `;` is optional.** A trailing statement without `;` is a statement.
/// - **Unclosed means the rest.** A string, identifier, block comment or heredoc that is
///   never closed takes the rest of the script with it: the rest becomes one last
///   statement, marked ``SQLStatement/unterminated`` with the line where it opened, even
///   when it is only a comment, so that the mistake is never silently dropped. A `$tag$`
///   that is never repeated counts as an unclosed heredoc.
///
/// Both functions are pure and total: they never throw, never crash, and
/// ``segments(_:)`` is lossless. Data inlined after `INSERT ... FORMAT CSV` (or any other
/// format) is read as SQL too, so keep seed data in `VALUES`.
///
/// ```swift
/// let statements = SQLStatementSplitter.split("""
///     -- 001: the raw events
///     CREATE TABLE events (id UInt64, note String DEFAULT 'a;b') ENGINE = MergeTree ORDER BY id;
///     INSERT INTO events (id) VALUES (1)
///     """)
/// // statements.map(\.startLine) == [2, 3]
/// // statements[1].text == "INSERT INTO events (id) VALUES (1)"
/// ```
public enum SQLStatementSplitter {
    /// Cuts a script into its statements.
    ///
    /// - Parameters:
    ///   - script: A migration section or any other SQL script.
    ///   - syntax: The engine's lexical rules; ``SQLSyntax/widest`` when no engine says.
    /// - Returns: The statements in script order, indexed from 1; empty when the script
    ///   holds nothing but blanks, comments and semicolons.
    public static func split(_ script: String, syntax: SQLSyntax = .widest) -> [SQLStatement] {
        let bytes = Array(script.utf8)
        var builder = StatementBuilder(bytes: bytes)
        for token in SQLScriptLexer(bytes, syntax: syntax) {
            builder.add(token)
        }
        return builder.finish()
    }

    /// Cuts a script losslessly after each terminating `;`.
    ///
    /// Each segment ends just after a `;` that ends a statement, except the last, which
    /// holds whatever follows the last `;` and is left out when nothing follows. Joining
    /// the segments gives back the script byte for byte. Each statement of ``split(_:)``
    /// lies inside one segment; segments holding only blanks, comments or a lone `;` hold
    /// no statement.
    ///
    /// ```swift
    /// SQLStatementSplitter.segments("SELECT ';';\n-- done\n")
    /// // ["SELECT ';';", "\n-- done\n"]
    /// ```
    ///
    /// - Parameters:
    ///   - script: A SQL script.
    ///   - syntax: The engine's lexical rules.
    /// - Returns: The segments in script order; empty for an empty script.
    public static func segments(_ script: String, syntax: SQLSyntax = .widest) -> [Substring] {
        let utf8 = script.utf8
        var segments: [Substring] = []
        var start = utf8.startIndex
        var startOffset = 0
        for token in SQLScriptLexer(Array(utf8), syntax: syntax) where token.kind == .semicolon {
            let end = utf8.index(start, offsetBy: token.range.upperBound - startOffset)
            segments.append(Substring(utf8[start..<end]))
            start = end
            startOffset = token.range.upperBound
        }
        if start < utf8.endIndex {
            segments.append(Substring(utf8[start...]))
        }
        return segments
    }
}

/// Gathers tokens into statements, one `;` at a time.
private struct StatementBuilder {
    let bytes: [UInt8]
    var statements: [SQLStatement] = []
    var lines = LineCounter()

    /// Where the pending statement's first and last code tokens start and end.
    var codeStart: Int?
    var codeEnd = 0
    /// What the pending statement leaves open, and where it opens.
    var unclosed: (construct: SQLStatement.Unterminated.Construct, offset: Int)?

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func add(_ token: SQLToken) {
        if let construct = token.unclosed {
            unclosed = (construct, token.range.lowerBound)
        }
        switch token.kind {
        case .semicolon:
            flush()
        case .blank:
            break
        case .comment where token.unclosed == nil:
            break
        case .code, .comment:
            if codeStart == nil { codeStart = token.range.lowerBound }
            codeEnd = token.range.upperBound
        }
    }

    mutating func finish() -> [SQLStatement] {
        flush()
        return statements
    }

    private mutating func flush() {
        defer {
            codeStart = nil
            unclosed = nil
        }
        guard let start = codeStart else { return }
        var end = codeEnd
        while end > start, SQLByte.isBlank(bytes[end - 1]) { end -= 1 }
        let startLine = lines.line(at: start, in: bytes)
        statements.append(
            SQLStatement(
                text: String(decoding: bytes[start..<end], as: UTF8.self),
                utf8Range: start..<end,
                startLine: startLine,
                index: statements.count + 1,
                unterminated: unclosed.map {
                    .init(construct: $0.construct, line: lines.line(at: $0.offset, in: bytes))
                }
            )
        )
    }
}

/// Turns UTF-8 offsets into 1-based line numbers, for offsets asked in increasing order.
private struct LineCounter {
    private var offset = 0
    private var line = 1

    mutating func line(at target: Int, in bytes: [UInt8]) -> Int {
        while offset < target {
            if bytes[offset] == SQLByte.lineFeed { line += 1 }
            offset += 1
        }
        return line
    }
}
