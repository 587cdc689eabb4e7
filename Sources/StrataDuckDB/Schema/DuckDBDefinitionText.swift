/// Takes apart the `CREATE VIEW` and `CREATE INDEX` texts that DuckDB's catalog prints, so
/// that Strata can write the names its own way and keep the rest. Pure.
///
/// DuckDB re-renders these statements from their parsed form (the user's spacing,
/// comments and keyword case are gone), but prints names with its own quoting, which
/// leaves mixed-case schema names bare. Only the parts after the names are kept.
enum DuckDBDefinitionText {
    /// The parts of `CREATE VIEW name [(aliases)] AS query;`.
    struct ViewParts: Equatable {
        /// The column aliases inside the parentheses, when the view names its columns.
        var aliases: String?
        /// The query, without the final `;`.
        var query: String
    }

    /// The parts of `CREATE [UNIQUE] INDEX name ON table [USING method] (expressions) [options];`.
    struct IndexParts: Equatable {
        /// Whatever stands between the table and the expressions, e.g. `USING HNSW`; empty for none.
        var method: String
        /// The indexed expressions, as DuckDB prints them.
        var expressions: String
        /// Whatever follows the expressions, e.g. `WITH (metric = 'cosine')`; empty for none.
        var options: String
    }

    static func view(_ sql: String) -> ViewParts? {
        var scanner = Scanner(sql)
        guard scanner.keyword("CREATE"), scanner.keyword("VIEW"), scanner.name() else { return nil }
        scanner.skipBlanks()
        var aliases: String?
        if scanner.peek == UInt8(ascii: "(") {
            guard let inside = scanner.parenthesised() else { return nil }
            aliases = inside
        }
        guard scanner.keyword("AS") else { return nil }
        let query = withoutSemicolon(scanner.rest)
        return query.isEmpty ? nil : ViewParts(aliases: aliases, query: query)
    }

    static func index(_ sql: String) -> IndexParts? {
        var scanner = Scanner(sql)
        guard scanner.keyword("CREATE") else { return nil }
        _ = scanner.keyword("UNIQUE")
        guard scanner.keyword("INDEX"), scanner.name(), scanner.keyword("ON"), scanner.name() else { return nil }
        let methodStart = scanner.position
        guard scanner.skip(until: UInt8(ascii: "(")) else { return nil }
        let method = trimmed(scanner.text(methodStart..<scanner.position))
        guard let expressions = scanner.parenthesised() else { return nil }
        return IndexParts(method: method, expressions: expressions, options: withoutSemicolon(scanner.rest))
    }

    /// A cursor over the UTF-8 bytes of a statement; names and strings are skipped whole.
    struct Scanner {
        let bytes: [UInt8]
        var position = 0

        init(_ text: String) { bytes = Array(text.utf8) }

        var peek: UInt8? { position < bytes.count ? bytes[position] : nil }
        var rest: String { text(position..<bytes.count) }

        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

        mutating func skipBlanks() {
            while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D { position += 1 }
        }

        /// Consumes a keyword (any case) that ends at a blank, `(` or the end.
        mutating func keyword(_ word: String) -> Bool {
            skipBlanks()
            let expected = Array(word.utf8)
            guard position + expected.count <= bytes.count else { return false }
            for (offset, byte) in expected.enumerated() where Self.upper(bytes[position + offset]) != byte { return false }
            let end = position + expected.count
            if end < bytes.count, ![0x20, 0x0A, 0x09, 0x0D, UInt8(ascii: "(")].contains(bytes[end]) { return false }
            position = end
            return true
        }

        /// Consumes a possibly qualified name: parts bare or double-quoted, joined by `.`.
        mutating func name() -> Bool {
            skipBlanks()
            repeat {
                guard let byte = peek else { return false }
                if byte == UInt8(ascii: "\"") {
                    guard skipQuoted(byte) else { return false }
                } else {
                    let start = position
                    while let next = peek, ![0x20, 0x0A, 0x09, 0x0D, UInt8(ascii: "."), UInt8(ascii: "("), UInt8(ascii: ")"),
                                              UInt8(ascii: ","), UInt8(ascii: ";")].contains(next) { position += 1 }
                    if position == start { return false }
                }
                guard peek == UInt8(ascii: ".") else { return true }
                position += 1
            } while true
        }

        /// Advances to the next `target` outside quotes; false when there is none.
        mutating func skip(until target: UInt8) -> Bool {
            while let byte = peek {
                if byte == target { return true }
                if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                    guard skipQuoted(byte) else { return false }
                } else {
                    position += 1
                }
            }
            return false
        }

        /// Consumes `( ... )`, nested parentheses and quotes included; returns the inside.
        mutating func parenthesised() -> String? {
            guard peek == UInt8(ascii: "(") else { return nil }
            let start = position + 1
            var depth = 0
            while let byte = peek {
                switch byte {
                case UInt8(ascii: "'"), UInt8(ascii: "\""):
                    guard skipQuoted(byte) else { return nil }
                    continue
                case UInt8(ascii: "("):
                    depth += 1
                case UInt8(ascii: ")"):
                    depth -= 1
                    if depth == 0 {
                        position += 1
                        return text(start..<(position - 1))
                    }
                default:
                    break
                }
                position += 1
            }
            return nil
        }

        /// Skips a quoted string or name whose opening quote is at `position`; a doubled
        /// quote does not close it.
        private mutating func skipQuoted(_ quote: UInt8) -> Bool {
            position += 1
            while let byte = peek {
                position += 1
                if byte == quote {
                    if peek == quote { position += 1; continue }
                    return true
                }
            }
            return false
        }

        private static func upper(_ byte: UInt8) -> UInt8 {
            (0x61...0x7A).contains(byte) ? byte - 0x20 : byte
        }
    }
}

extension DuckDBDefinitionText {
    /// `text` without blanks around it.
    static func trimmed(_ text: String) -> String {
        var slice = Substring(text)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }

    /// `text` without blanks around it and without one final `;`.
    static func withoutSemicolon(_ text: String) -> String {
        var result = trimmed(text)
        if result.hasSuffix(";") { result.removeLast() }
        return trimmed(result)
    }
}
