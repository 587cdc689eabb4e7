/// The kinds of lexical unit the statement splitter tells apart.
enum SQLTokenKind: Equatable {
    /// A run of ASCII whitespace, or the byte-order mark at the very start of a script.
    case blank
    /// A `--`, `//` or `/* */` comment.
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

/// Cuts a script's UTF-8 bytes into ``SQLToken``s, following ClickHouse's lexer where it
/// matters for finding the `;` that end statements.
///
/// The rules:
/// - `'...'`, `"..."` and `` `...` `` run to the next unescaped quote of the same kind; a
///   doubled quote (`''`) or a backslash followed by any byte (`\'`, `\\`) does not close.
/// - `--` and `//` start comments that run to the next LF (ClickHouse reads both).
///   `#` does not start a comment.
/// - `/*` starts a block comment that ends at the matching `*/`; block comments nest, as
///   in ClickHouse and the SQL standard: `/* a /* b */ c */` is one comment.
/// - `$tag$` and `$$` start a heredoc that runs to the next occurrence of the same
///   delimiter; a tag is letters, digits and underscores, not starting with a digit. A
///   `$` inside a word (`a$b$`) does not start a heredoc. An opener without a closing
///   delimiter is an unclosed heredoc: ClickHouse would read it as a plain word and fail
///   later, but splitting the intended heredoc's text at its `;` would blur that error.
/// - Whatever is left open runs to the end of the script and is marked ``SQLToken/unclosed``.
///
/// Every token boundary falls on an ASCII byte or at an end of the script, so slicing
/// at token boundaries always yields valid UTF-8.
struct SQLScriptLexer: Sequence, IteratorProtocol {
    private let bytes: [UInt8]
    private var position = 0

    /// Creates a lexer over the UTF-8 bytes of a script.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
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
        case SQLByte.backQuote:
            return (.code, scanQuoted(byte) ? nil : .backQuotedIdentifier)
        case SQLByte.minus where peek(1) == SQLByte.minus, SQLByte.slash where peek(1) == SQLByte.slash:
            skip(while: { $0 != SQLByte.lineFeed })
            return (.comment, nil)
        case SQLByte.slash where peek(1) == SQLByte.star:
            return (.comment, scanBlockComment() ? nil : .blockComment)
        case SQLByte.dollar:
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
            skip(while: { $0 >= 0x80 })
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
            } else if byte == SQLByte.backslash {
                position = Swift.min(position + 2, bytes.count)
            } else {
                position += 1
            }
        }
        return false
    }

    /// Scans a possibly nested block comment, the way ClickHouse does; returns whether it
    /// was closed.
    private mutating func scanBlockComment() -> Bool {
        position += 2
        var depth = 1
        while position + 1 < bytes.count {
            if bytes[position] == SQLByte.slash, bytes[position + 1] == SQLByte.star {
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

    /// Scans a heredoc if a `$tag$` delimiter starts here, or else a `$`-led word.
    private mutating func scanDollar() -> (SQLTokenKind, SQLStatement.Unterminated.Construct?) {
        let start = position
        var tagEnd = start + 1
        if tagEnd < bytes.count, SQLByte.isWordStart(bytes[tagEnd]) {
            tagEnd += 1
            while tagEnd < bytes.count, SQLByte.isWord(bytes[tagEnd]) { tagEnd += 1 }
        }
        guard tagEnd < bytes.count, bytes[tagEnd] == SQLByte.dollar else {
            position += 1
            skip(while: { SQLByte.isWord($0) || $0 == SQLByte.dollar })
            return (.code, nil)
        }
        let delimiter = bytes[start...tagEnd]
        if let close = firstIndex(of: delimiter, from: tagEnd + 1) {
            position = close + delimiter.count
            return (.code, nil)
        }
        position = bytes.count
        return (.code, .heredoc(delimiter: String(decoding: delimiter, as: UTF8.self)))
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
