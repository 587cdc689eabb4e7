/// The kinds of lexical unit the statement splitter tells apart.
enum SQLTokenKind: Equatable {
    /// A run of ASCII whitespace, or the byte-order mark at the very start of a script.
    case blank
    /// A line comment (`--`, and `//`, `# `, `#!` where the syntax has them) or a block comment.
    case comment
    /// A `;`, which ends a statement.
    case semicolon
    /// Anything else: words, numbers, operators, strings, quoted identifiers, heredocs.
    case code
}

/// One lexical unit of a script, as a range of UTF-8 offsets.
struct SQLToken: Equatable {
    /// What the unit is.
    var kind: SQLTokenKind
    /// Where it lies in the script's UTF-8 bytes; never empty.
    var range: Range<Int>
    /// The construct the unit opens and never closes, if it runs into the end of the script.
    var unclosed: SQLStatement.Unterminated.Construct?
}

/// Cuts a script's UTF-8 bytes into ``SQLToken``s, following an engine's lexer (its
/// ``SQLSyntax``) where it matters for finding the `;` that end statements.
///
/// The rules (those that depend on the syntax in brackets):
/// - `'...'` and `"..."`, [`` `...` ``], run to the next unescaped quote of the same kind; a
///   doubled quote (`''`) [or a backslash followed by any byte, `\'`, `\\`] does not close.
/// - `--` [and `//`] start comments that run to the next LF; [so do `# ` and `#!`: a `#`
///   followed by a space or `!`].
/// - `/*` starts a block comment that ends at the first `*/` [or, nested, at the matching
///   `*/`: `/* a /* b */ c */` is one comment, as in ClickHouse 20.10+ and the SQL standard].
/// - [`$tag$` and `$$` start a heredoc that runs to the next occurrence of the same
///   delimiter; a tag is letters, digits and underscores (not starting with a digit, on
///   PostgreSQL's rule), or anything but `$` for servers that allowed that. A `$` inside a word (`a$b$`) does not
///   start a heredoc. An opener with a word tag and without a closing delimiter is an
///   unclosed heredoc: ClickHouse would read it as a plain word and fail later, but splitting
///   the intended heredoc's text at its `;` would blur that error.]
/// - [Unicode spaces outside quotes are blanks, as ClickHouse skips them.]
/// - Whatever is left open runs to the end of the script and is marked ``SQLToken/unclosed``.
///
/// Every token boundary falls on an ASCII byte, at the edge of a whole UTF-8 sequence, or at
/// an end of the script, so slicing at token boundaries always yields valid UTF-8.
struct SQLScriptLexer: Sequence, IteratorProtocol {
    private let bytes: [UInt8]
    private let syntax: SQLSyntax
    private var position = 0

    /// Creates a lexer over the UTF-8 bytes of a script.
    init(_ bytes: [UInt8], syntax: SQLSyntax = .widest) {
        self.bytes = bytes
        self.syntax = syntax
    }

    /// What the script leaves open at its end, and where that opens (a UTF-8 offset);
    /// `nil` when everything it opens is closed.
    static func unclosed(in bytes: [UInt8], syntax: SQLSyntax) -> (construct: SQLStatement.Unterminated.Construct, offset: Int)? {
        var lexer = SQLScriptLexer(bytes, syntax: syntax)
        var last: SQLToken?
        while let token = lexer.next() { last = token }
        guard let last, let construct = last.unclosed else { return nil }
        return (construct, last.range.lowerBound)
    }

    /// Returns the next token, or `nil` at the end of the script.
    mutating func next() -> SQLToken? {
        guard position < bytes.count else { return nil }
        let start = position
        let (kind, unclosed) = scanToken()
        return SQLToken(kind: kind, range: start..<position, unclosed: unclosed)
    }

    private mutating func scanToken() -> (SQLTokenKind, SQLStatement.Unterminated.Construct?) {
        let byte = bytes[position]
        switch byte {
        case _ where SQLByte.isBlank(byte):
            skip(while: SQLByte.isBlank)
            return (.blank, nil)
        case SQLByte.semicolon:
            position += 1
            return (.semicolon, nil)
        case SQLByte.singleQuote:
            return (.code, scanQuoted(byte) ? nil : .singleQuotedString)
        case SQLByte.doubleQuote:
            return (.code, scanQuoted(byte) ? nil : .doubleQuotedIdentifier)
        case SQLByte.backQuote where syntax.backQuotes:
            return (.code, scanQuoted(byte) ? nil : .backQuotedIdentifier)
        case SQLByte.minus where peek(1) == SQLByte.minus,
             SQLByte.slash where peek(1) == SQLByte.slash && syntax.slashComments,
             SQLByte.hash where syntax.hashComments && (peek(1) == SQLByte.space || peek(1) == SQLByte.exclamation):
            skip(while: { $0 != SQLByte.lineFeed })
            return (.comment, nil)
        case SQLByte.slash where peek(1) == SQLByte.star:
            return (.comment, scanBlockComment() ? nil : .blockComment)
        case SQLByte.dollar where syntax.dollarQuotes != .none:
            return scanDollar()
        case 0xEF where position == 0 && peek(1) == 0xBB && peek(2) == 0xBF:
            position += 3
            return (.blank, nil)
        case _ where SQLByte.isWordStart(byte):
            position += 1
            skip(while: { SQLByte.isWord($0) || $0 == SQLByte.dollar })
            return (.code, nil)
        case _ where SQLByte.isDigit(byte):
            skip(while: SQLByte.isWord)
            return (.code, nil)
        case 0x80...:
            if syntax.unicodeBlanks, unicodeBlankLength(at: position) > 0 {
                while position < bytes.count {
                    if SQLByte.isBlank(bytes[position]) {
                        position += 1
                    } else if case let length = unicodeBlankLength(at: position), length > 0 {
                        position += length
                    } else {
                        break
                    }
                }
                return (.blank, nil)
            }
            position += 1
            while position < bytes.count, bytes[position] >= 0x80, !(syntax.unicodeBlanks && unicodeBlankLength(at: position) > 0) {
                position += 1
            }
            return (.code, nil)
        default:
            position += 1
            return (.code, nil)
        }
    }

    /// Scans a quoted string or identifier; returns whether it was closed.
    private mutating func scanQuoted(_ quote: UInt8) -> Bool {
        position += 1
        while position < bytes.count {
            let byte = bytes[position]
            if byte == quote {
                position += 1
                guard peek(0) == quote else { return true }
                position += 1
            } else if byte == SQLByte.backslash, syntax.backslashEscapes {
                position = Swift.min(position + 2, bytes.count)
            } else {
                position += 1
            }
        }
        return false
    }

    /// Scans a block comment, nested or not as the syntax says; returns whether it was closed.
    private mutating func scanBlockComment() -> Bool {
        position += 2
        var depth = 1
        while position + 1 < bytes.count {
            if syntax.nestedBlockComments, bytes[position] == SQLByte.slash, bytes[position + 1] == SQLByte.star {
                depth += 1
                position += 2
            } else if bytes[position] == SQLByte.star, bytes[position + 1] == SQLByte.slash {
                depth -= 1
                position += 2
                if depth == 0 { return true }
            } else {
                position += 1
            }
        }
        position = bytes.count
        return false
    }

    /// Scans a heredoc if a delimiter starts here, or else a `$`-led word.
    private mutating func scanDollar() -> (SQLTokenKind, SQLStatement.Unterminated.Construct?) {
        let start = position
        var tagEnd = start + 1
        let digitsFirst = syntax.dollarQuotes != .identifierTags
        if tagEnd < bytes.count, digitsFirst ? SQLByte.isWord(bytes[tagEnd]) : SQLByte.isWordStart(bytes[tagEnd]) {
            tagEnd += 1
            while tagEnd < bytes.count, SQLByte.isWord(bytes[tagEnd]) { tagEnd += 1 }
        }
        let wordTag = tagEnd < bytes.count && bytes[tagEnd] == SQLByte.dollar
        if wordTag {
            let delimiter = bytes[start...tagEnd]
            if let close = firstIndex(of: delimiter, from: tagEnd + 1) {
                position = close + delimiter.count
                return (.code, nil)
            }
            position = bytes.count
            return (.code, .heredoc(delimiter: String(decoding: delimiter, as: UTF8.self)))
        }
        if syntax.dollarQuotes == .anyTags, let tagClose = bytes[(start + 1)...].firstIndex(of: SQLByte.dollar) {
            // `$a b$ ... $a b$`: the older servers' rule, a heredoc only when the delimiter repeats.
            let delimiter = bytes[start...tagClose]
            if let close = firstIndex(of: delimiter, from: tagClose + 1) {
                position = close + delimiter.count
                return (.code, nil)
            }
        }
        position += 1
        skip(while: { SQLByte.isWord($0) || $0 == SQLByte.dollar })
        return (.code, nil)
    }

    /// The length of the Unicode space character (ClickHouse's list) whose UTF-8 starts at
    /// `offset`, or 0: U+0085, U+00A0, U+180E, U+2000-U+200D, U+2028, U+2029, U+202F, U+205F,
    /// U+2060, U+3000 and U+FEFF.
    private func unicodeBlankLength(at offset: Int) -> Int {
        let count = bytes.count
        guard offset + 1 < count else { return 0 }
        let b0 = bytes[offset], b1 = bytes[offset + 1]
        if b0 == 0xC2, b1 == 0x85 || b1 == 0xA0 { return 2 }
        guard offset + 2 < count else { return 0 }
        let b2 = bytes[offset + 2]
        switch (b0, b1) {
        case (0xE1, 0xA0): return b2 == 0x8E ? 3 : 0
        case (0xE2, 0x80): return (0x80...0x8D).contains(b2) || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF ? 3 : 0
        case (0xE2, 0x81): return b2 == 0x9F || b2 == 0xA0 ? 3 : 0
        case (0xE3, 0x80): return b2 == 0x80 ? 3 : 0
        case (0xEF, 0xBB): return b2 == 0xBF ? 3 : 0
        default: return 0
        }
    }

    /// The offset of the first occurrence of `needle` at or after `start`.
    private func firstIndex(of needle: ArraySlice<UInt8>, from start: Int) -> Int? {
        guard let first = needle.first else { return nil }
        var candidate = start
        while candidate + needle.count <= bytes.count {
            if bytes[candidate] == first, bytes[candidate..<candidate + needle.count].elementsEqual(needle) {
                return candidate
            }
            candidate += 1
        }
        return nil
    }

    private func peek(_ offset: Int) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    private mutating func skip(while predicate: (UInt8) -> Bool) {
        while position < bytes.count, predicate(bytes[position]) { position += 1 }
    }
}

/// The ASCII bytes and byte classes the SQL lexer looks at.
enum SQLByte {
    static let lineFeed = UInt8(ascii: "\n")
    static let semicolon = UInt8(ascii: ";")
    static let singleQuote = UInt8(ascii: "'")
    static let doubleQuote = UInt8(ascii: "\"")
    static let backQuote = UInt8(ascii: "`")
    static let backslash = UInt8(ascii: "\\")
    static let minus = UInt8(ascii: "-")
    static let slash = UInt8(ascii: "/")
    static let star = UInt8(ascii: "*")
    static let dollar = UInt8(ascii: "$")
    static let hash = UInt8(ascii: "#")
    static let space = UInt8(ascii: " ")
    static let exclamation = UInt8(ascii: "!")

    /// Space, tab, LF, CR, form feed and vertical tab: ClickHouse's whitespace.
    static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// A letter or underscore: what may start a word or a heredoc tag.
    static func isWordStart(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(lower) || byte == UInt8(ascii: "_")
    }

    /// A letter, digit or underscore.
    static func isWord(_ byte: UInt8) -> Bool {
        isWordStart(byte) || isDigit(byte)
    }
}
