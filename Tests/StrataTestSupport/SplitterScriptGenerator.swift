/// Writes random SQL scripts that current ClickHouse (26.x) accepts, dense in everything that
/// decides where statements end: quotes and escapes, `--`, `//`, `# ` and `#!` comments,
/// nested `/* */`, heredocs with every kind of tag, back-quoted and double-quoted names,
/// line breaks inside strings, Unicode letters and spaces, NUL bytes inside strings, empty
/// statements and comment-only stretches.
///
/// Every statement is `SELECT <expression> [AS <name>]`, valid on its own, so that each one
/// can also be sent to the engine as Strata sends it.
public struct SplitterScriptGenerator {
    private var random: SplitMix64

    public init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    /// A script and the number of statements in it.
    public mutating func script() -> (text: String, statements: Int) {
        let count = Int.random(in: 1...5, using: &random)
        var text = chance(0.3) ? gap() : ""
        for index in 0..<count {
            text += statement()
            if index < count - 1 || chance(0.7) {
                text += ";"
                while chance(0.15) { text += gap() + ";" }
            }
            if chance(0.8) { text += gap() }
        }
        // A line comment must end before the next statement, so gaps end with a line break
        // when they hold one; the last gap may run to the end of the script.
        return (text, count)
    }

    private mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &random) < probability
    }

    private mutating func pick<T>(_ items: [T]) -> T {
        items[Int.random(in: 0..<items.count, using: &random)]
    }

    private mutating func statement() -> String {
        var text = "SELECT" + gap() + expression(depth: 0)
        if chance(0.4) { text += gap() + "AS" + gap() + alias() }
        return text
    }

    private mutating func expression(depth: Int) -> String {
        switch Int.random(in: 0..<(depth < 2 ? 6 : 4), using: &random) {
        case 0: return String(Int.random(in: 0...99_999, using: &random))
        case 1, 2: return stringLiteral()
        case 3: return heredoc()
        case 4: return "concat(" + expression(depth: depth + 1) + "," + gap() + expression(depth: depth + 1) + ")"
        default: return "length(" + gap() + (chance(0.5) ? stringLiteral() : heredoc()) + gap() + ")"
        }
    }

    /// Pieces of string contents; `''` and backslash escapes keep the string open.
    private static let stringPieces = [
        ";", ";", "''", "\\'", "\\\\", "--", "-- x", "#", "# ", "#!", "/*", "*/", "/* a */", "$$", "$t$", "\"", "`", "//",
        "é", "支付", "🦆", "\u{A0}", "\n", "\r\n", "\\n", "\\0", "\u{0}", "\\\n", "a", "b c", "{cluster}", "\t",
    ]

    private mutating func stringLiteral() -> String {
        var text = "'"
        for _ in 0..<Int.random(in: 0...6, using: &random) { text += pick(Self.stringPieces) }
        return text + "'"
    }

    private mutating func heredoc() -> String {
        let tag = pick(["", "t", "a1", "_x", "1", "tag_2"])
        let delimiter = "$" + tag + "$"
        var body = ""
        for _ in 0..<Int.random(in: 0...5, using: &random) {
            let piece = pick([";", "'", "\"", "`", "--", "# ", "/*", "*/", "$", "$x", "\n", "é", "\\", "\u{0}", "a b"])
            // The body must not close the heredoc early: the first delimiter after the
            // opening one is the closing one.
            let candidate = body + piece
            let closed = Array((candidate + delimiter).utf8), wanted = Array(delimiter.utf8)
            let firstClose = (0...(closed.count - wanted.count)).first { closed[$0..<$0 + wanted.count].elementsEqual(wanted) }
            if firstClose == candidate.utf8.count { body = candidate }
        }
        return delimiter + body + delimiter
    }

    private mutating func alias() -> String {
        pick(["c1", "`a;b`", "`it's`", "\"x;y\"", "\"q\"\"uote\"", "`back``tick`", "_v"])
    }

    /// Blanks and comments between tokens; never empty, and starting with a blank so that
    /// no token runs into the one before it.
    private mutating func gap() -> String {
        var text = pick([" ", "\n", "\t", "  ", "\r\n", "\u{A0}", " \u{3000}", "\u{C}"])
        for _ in 0..<Int.random(in: 0...2, using: &random) {
            switch Int.random(in: 0..<7, using: &random) {
            case 0: text += "-- " + commentText() + "\n"
            case 1: text += "// " + commentText() + "\n"
            case 2: text += "# " + commentText() + "\n"
            case 3: text += "#!" + commentText() + "\n"
            case 4: text += "/* " + blockText() + " */"
            case 5: text += "/* " + blockText() + " /* " + blockText() + " */ " + blockText() + " */"
            default: text += pick([" ", "\n", "\r\n", "\t"])
            }
            text += pick([" ", "\n"])
        }
        return text
    }

    /// Text of a line comment: anything but a line break.
    private mutating func commentText() -> String {
        var text = ""
        for _ in 0..<Int.random(in: 0...4, using: &random) {
            text += pick([";", "'", "\"", "`", "$$", "/*", "*/", "--", "#", "é", "x", " ; DROP TABLE t", "\\"])
        }
        return text
    }

    /// Text of a block comment: anything but `/*` and `*/`.
    private mutating func blockText() -> String {
        var text = ""
        for _ in 0..<Int.random(in: 0...4, using: &random) {
            text += pick([";", "'", "\"", "`", "$$", "--", "#", "\n", "é", "x", " ; TRUNCATE t", "*", "/"])
        }
        return text.replacingOccurrences(of: "/*", with: "/ *").replacingOccurrences(of: "*/", with: "* /")
    }
}
