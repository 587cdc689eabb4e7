import Foundation
import Strata
import Testing

/// Random and mutated scripts against the splitter's invariants.
///
/// The run is deterministic: every case draws from its own generator, seeded from the run's
/// seed and the case number. A failure names both; to explore other inputs, or to replay a
/// run, set `STRATA_FUZZ_SEED` (decimal or `0x` hexadecimal).
@Suite("SQL statement splitter, fuzzed")
struct SQLStatementSplitterFuzzTests {
    static let seed: UInt64 = {
        let text = ProcessInfo.processInfo.environment["STRATA_FUZZ_SEED"] ?? ""
        return text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) ?? 0x5EED : UInt64(text) ?? 0x5EED
    }()

    /// Pieces of script the generator strings together: heavy in quotes, backslashes,
    /// dashes, slashes, stars, dollars, semicolons and line breaks, with some complete
    /// strings, identifiers, comments and heredocs so that scripts also hold several statements.
    static let pieces: [String] = [
        "'", "'", "''", "\"", "\"\"", "`", "``", "\\", "\\", "\\'", "-", "--", "-", "/", "/*", "*/", "*",
        "$", "$$", "$a$", "$b$", "$_1$", "$1$", ";", ";", ";", ";", "\n", "\n", "\r\n", "\r", " ", "  ", "\t",
        "SELECT", "a", "x1", "_", "1", "#", "# ", "#!", "é", "\u{A0}", "\u{3000}", "\u{301}", "支付", "🦆", "(", ")", ",", "=", "e", "-- c\n",
        "/* c */", "//", "\u{FEFF}",
        "'a;''b\\''", "`q;``\\``", "\"i;\"\"d\"", "$a$;'$a$", "$$--$$", "/* /* ; */ ' */", "-- ;'\n", "// \"\n",
    ]

    /// The pieces that do not open anything by themselves, for scripts that close what they open.
    static let balancedPieces = pieces.filter { !["'", "\"", "`", "\\'", "/*", "$$", "$a$", "$b$", "$_1$"].contains($0) }

    @Test("holds its invariants on random scripts")
    func randomScripts() {
        run(cases: 0..<3_000) { random in
            let alphabet = Bool.random(using: &random) ? Self.pieces : Self.balancedPieces
            let count = Int.random(in: 0...60, using: &random)
            return (0..<count).map { _ in alphabet.randomElement(using: &random)! }.joined()
        }
    }

    @Test("holds its invariants on mutated golden scripts")
    func mutatedGoldenScripts() throws {
        let scripts = try SplitterGolden.names.map { Array(try SplitterGolden.script(named: $0).unicodeScalars) }
        try #require(!scripts.isEmpty)
        run(cases: 10_000..<11_500) { random in
            var scalars = scripts.randomElement(using: &random)!
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                Self.mutate(&scalars, using: &random)
            }
            var script = ""
            script.unicodeScalars.append(contentsOf: scalars)
            return script
        }
    }

    /// Deletes, inserts or duplicates a random range of scalars.
    static func mutate(_ scalars: inout [Unicode.Scalar], using random: inout SplitMix64) {
        let position = Int.random(in: 0...scalars.count, using: &random)
        let length = Int.random(in: 0...min(80, scalars.count - position), using: &random)
        switch Int.random(in: 0..<3, using: &random) {
        case 0:
            scalars.removeSubrange(position..<position + length)
        case 1:
            let piece = pieces.randomElement(using: &random)!
            scalars.insert(contentsOf: piece.unicodeScalars, at: position)
        default:
            let copy = scalars[position..<position + length]
            scalars.insert(contentsOf: copy, at: Int.random(in: 0...scalars.count, using: &random))
        }
    }

    /// Runs the invariants on one generated script per case, reporting at most a few failures.
    private func run(cases: Range<Int>, generate: (inout SplitMix64) -> String) {
        var failures = 0
        for number in cases where failures < 5 {
            var random = SplitMix64(seed: Self.seed &+ UInt64(number))
            let script = generate(&random)
            let problems = SplitterInvariants.violations(in: script)
            if !problems.isEmpty {
                failures += 1
                Issue.record(
                    """
                    STRATA_FUZZ_SEED=\(Self.seed), case \(number): \(problems.joined(separator: "; "))
                    script: \(String(reflecting: String(script.prefix(600))))
                    """
                )
            }
        }
    }
}

/// What must hold for the statements and segments of any script.
enum SplitterInvariants {
    /// The rules the fuzzed scripts are read with: current ClickHouse's, which the reference knows.
    static let syntax = SQLSyntax()

    /// Returns a sentence for each invariant the splitter breaks on `script`.
    static func violations(in script: String) -> [String] {
        var problems: [String] = []
        let bytes = Array(script.utf8)
        let segments = SQLStatementSplitter.segments(script, syntax: syntax)
        let statements = SQLStatementSplitter.split(script, syntax: syntax)

        if Array(segments.joined().utf8) != bytes { problems.append("segments do not join into the script") }
        if segments.contains(where: \.isEmpty) { problems.append("a segment is empty") }
        if statements.map(\.index) != Array(1..<statements.count + 1) {
            problems.append("indexes are not 1...n")
        }

        let lineCount = 1 + bytes.count { $0 == UInt8(ascii: "\n") }
        var previousEnd = 0
        var previousLine = 1
        var previousStart = 0
        for statement in statements {
            let range = statement.utf8Range
            guard range.lowerBound >= previousEnd, range.upperBound <= bytes.count, !range.isEmpty else {
                problems.append("statement \(statement.index) has range \(range)")
                continue
            }
            let text = statement.text
            if String(decoding: bytes[range], as: UTF8.self) != text || Array(text.utf8) != Array(bytes[range]) {
                problems.append("statement \(statement.index)'s text is not the script at its range")
            }
            if isBlank(bytes[range.lowerBound]) || isBlank(bytes[range.upperBound - 1]) {
                problems.append("statement \(statement.index) is not trimmed")
            }
            let expectedLine = previousLine + bytes[previousStart..<range.lowerBound].count { $0 == UInt8(ascii: "\n") }
            if statement.startLine != expectedLine || statement.startLine < previousLine || statement.startLine > lineCount {
                problems.append("statement \(statement.index) starts on line \(statement.startLine), not \(expectedLine)")
            }
            if let unterminated = statement.unterminated {
                if statement.index != statements.count { problems.append("statement \(statement.index) is unterminated but not last") }
                if !(statement.startLine...lineCount).contains(unterminated.line) { problems.append("unterminated line \(unterminated.line)") }
            }
            let gap = String(decoding: bytes[previousEnd..<range.lowerBound], as: UTF8.self)
            if !SQLStatementSplitter.split(gap, syntax: syntax).isEmpty { problems.append("code before statement \(statement.index) was dropped") }
            let alone = SQLStatementSplitter.split("\n" + text, syntax: syntax)
            if alone.map(\.text) != [text] || alone.first?.unterminated?.construct != statement.unterminated?.construct {
                problems.append("statement \(statement.index) does not split into itself")
            }
            if !segments.contains(where: { segmentContains($0, range, in: script) }) {
                problems.append("statement \(statement.index) straddles segments")
            }
            previousEnd = range.upperBound
            previousLine = expectedLine
            previousStart = range.lowerBound
        }
        let rest = String(decoding: bytes[previousEnd...], as: UTF8.self)
        if !SQLStatementSplitter.split(rest, syntax: syntax).isEmpty { problems.append("code after the last statement was dropped") }

        let reference = SplitterReference.scan(bytes)
        let ends = segments.map { script.utf8.distance(from: script.utf8.startIndex, to: $0.endIndex) }
        let expectedEnds = reference.cuts + (reference.cuts.last == bytes.count || bytes.isEmpty ? [] : [bytes.count])
        if ends != expectedEnds { problems.append("segments end at \(ends), the reference at \(expectedEnds)") }
        if statements.last?.unterminated?.construct != reference.unclosed {
            problems.append("leaves \(String(describing: statements.last?.unterminated)) open, the reference \(String(describing: reference.unclosed))")
        }

        let complete = statements.filter(\.isComplete).map(\.text)
        if SQLStatementSplitter.split("\n" + complete.joined(separator: ";\n"), syntax: syntax).map(\.text) != complete {
            problems.append("complete statements do not survive being joined with semicolons")
        }
        return problems
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    private static func segmentContains(_ segment: Substring, _ range: Range<Int>, in script: String) -> Bool {
        let start = script.utf8.distance(from: script.utf8.startIndex, to: segment.startIndex)
        let end = script.utf8.distance(from: script.utf8.startIndex, to: segment.endIndex)
        return start <= range.lowerBound && range.upperBound <= end
    }
}

/// A deliberately plain state machine for current ClickHouse's lexical rules, written apart
/// from the splitter's lexer, to tell where statements end.
enum SplitterReference {
    private enum State {
        case code, quoted(UInt8), lineComment, blockComment(depth: Int), heredoc([UInt8])
    }

    /// The offsets just after each terminating `;`, and what is left open at the end.
    static func scan(_ bytes: [UInt8]) -> (cuts: [Int], unclosed: SQLStatement.Unterminated.Construct?) {
        var cuts: [Int] = []
        var state = State.code
        var word = false  // inside a word that starts with a letter or `_`, where `$` is a letter
        var number = false  // inside a word that starts with a digit
        var i = 0
        func at(_ offset: Int, _ text: StaticString) -> Bool {
            offset + 1 < bytes.count && bytes[offset] == text.utf8Start[0] && bytes[offset + 1] == text.utf8Start[1]
        }
        while i < bytes.count {
            let byte = bytes[i]
            switch state {
            case .code:
                let letter = (65...90).contains(byte) || (97...122).contains(byte) || byte == 95
                let digit = (48...57).contains(byte)
                if word && (letter || digit || byte == 36) || number && (letter || digit) {
                    i += 1
                    continue
                }
                word = false
                number = false
                if byte == 59 {
                    cuts.append(i + 1)
                } else if at(i, "--") || at(i, "//") || at(i, "# ") || at(i, "#!") {
                    state = .lineComment
                } else if at(i, "/*") {
                    state = .blockComment(depth: 1)
                    i += 1
                } else if byte == 39 || byte == 34 || byte == 96 {
                    state = .quoted(byte)
                } else if byte == 36, let delimiter = heredocDelimiter(bytes, at: i) {
                    state = .heredoc(delimiter)
                    i += delimiter.count - 1
                } else if letter || byte == 36 {
                    word = true
                } else if digit {
                    number = true
                }
            case .quoted(let quote):
                if byte == 92 {
                    i += 1
                } else if byte == quote {
                    if i + 1 < bytes.count, bytes[i + 1] == quote { i += 1 } else { state = .code }
                }
            case .lineComment:
                if byte == 10 { state = .code }
            case .blockComment(let depth):
                if at(i, "/*") {
                    state = .blockComment(depth: depth + 1)
                    i += 1
                } else if at(i, "*/") {
                    state = depth == 1 ? .code : .blockComment(depth: depth - 1)
                    i += 1
                }
            case .heredoc(let delimiter):
                if byte == 36, bytes[i...].starts(with: delimiter) {
                    state = .code
                    i += delimiter.count - 1
                }
            }
            i += 1
        }
        switch state {
        case .code, .lineComment: return (cuts, nil)
        case .quoted(39): return (cuts, .singleQuotedString)
        case .quoted(34): return (cuts, .doubleQuotedIdentifier)
        case .quoted: return (cuts, .backQuotedIdentifier)
        case .blockComment: return (cuts, .blockComment)
        case .heredoc(let delimiter): return (cuts, .heredoc(delimiter: String(decoding: delimiter, as: UTF8.self)))
        }
    }

    /// `$$` or `$tag$` at `start`, where a tag is `[A-Za-z0-9_]*` (ClickHouse 25.8 and later).
    private static func heredocDelimiter(_ bytes: [UInt8], at start: Int) -> [UInt8]? {
        let rest = bytes.dropFirst(start + 1)
        guard let close = rest.firstIndex(of: 36) else { return nil }
        let tag = bytes[start + 1..<close]
        let valid = tag.allSatisfy { (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) || $0 == 95 }
        return valid ? Array(bytes[start...close]) : nil
    }
}

/// A small, fast, seedable generator (SplitMix64), so that fuzz runs can be replayed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
