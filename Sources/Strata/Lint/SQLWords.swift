/// A section's SQL as words, quoted text and punctuation, with comments left out: what
/// lint rules look at. Pure.
struct SQLWord: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// A keyword or a plain name: letters, digits, `_`, `$`.
        case word
        /// A `'...'` string or a `$$...$$` heredoc.
        case string
        /// A `"..."` or `` `...` `` name.
        case quotedName
        /// A number.
        case number
        /// Any other character: `(`, `,`, `.`, `=`, ...
        case punctuation
        /// The `;` between statements.
        case semicolon
    }

    var kind: Kind
    /// The text as written.
    var text: String
    /// Where it lies in the section's UTF-8 bytes.
    var range: Range<Int>
    /// The 1-based line within the section.
    var line: Int

    /// The text in upper case, for comparing keywords.
    var upper: String { text.uppercased() }

    /// Whether this is the keyword (or one of the keywords) given, in any case.
    func `is`(_ keywords: String...) -> Bool { kind == .word && keywords.contains(upper) }

    /// The name a word or quoted name stands for (quotes removed).
    var name: String {
        guard kind == .quotedName, text.count >= 2 else { return text }
        return String(text.dropFirst().dropLast())
    }
}

enum SQLWords {
    /// Cuts a section into words, grouped by statement (split at `;`).
    static func statements(in sql: String) -> [[SQLWord]] {
        var statements: [[SQLWord]] = [[]]
        for word in words(in: sql) {
            if word.kind == .semicolon {
                statements.append([])
            } else {
                statements[statements.count - 1].append(word)
            }
        }
        return statements.filter { !$0.isEmpty }
    }

    static func words(in sql: String) -> [SQLWord] {
        let bytes = Array(sql.utf8)
        var lineStarts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { lineStarts.append(offset + 1) }
        func line(of offset: Int) -> Int {
            var low = 0, high = lineStarts.count - 1
            while low < high {
                let mid = (low + high + 1) / 2
                if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
            }
            return low + 1
        }
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

        var result: [SQLWord] = []
        for token in SQLScriptLexer(bytes) {
            let start = token.range.lowerBound
            let kind: SQLWord.Kind
            switch token.kind {
            case .blank, .comment:
                continue
            case .semicolon:
                kind = .semicolon
            case .code:
                let first = bytes[start]
                if first == SQLByte.singleQuote {
                    kind = .string
                } else if first == SQLByte.doubleQuote || first == SQLByte.backQuote {
                    kind = .quotedName
                } else if first == SQLByte.dollar {
                    kind = token.range.count > 1 && bytes[token.range.upperBound - 1] == SQLByte.dollar ? .string : .word
                } else if SQLByte.isDigit(first) {
                    kind = .number
                } else if SQLByte.isWordStart(first) || first >= 0x80 {
                    kind = .word
                } else {
                    kind = .punctuation
                }
            }
            result.append(SQLWord(kind: kind, text: text(token.range), range: token.range, line: line(of: start)))
        }
        return result
    }
}
