import Foundation
import Strata
import Testing

/// A script and the statement texts it must split into.
struct SplitterCase: CustomTestStringConvertible, Sendable {
    let label: String
    let script: String
    let texts: [String]

    init(_ label: String, _ script: String, _ texts: [String]) {
        self.label = label
        self.script = script
        self.texts = texts
    }

    var testDescription: String { label }
}

@Suite("SQL statement splitter")
struct SQLStatementSplitterTests {
    // MARK: Where statements end

    @Test("splits a script at each semicolon", arguments: [
        SplitterCase("two statements", "SELECT 1; SELECT 2;", ["SELECT 1", "SELECT 2"]),
        SplitterCase("statements on their own lines", "CREATE TABLE t (x UInt8) ENGINE = Memory;\nDROP TABLE t;\n",
                  ["CREATE TABLE t (x UInt8) ENGINE = Memory", "DROP TABLE t"]),
        SplitterCase("no space around the semicolon", "SELECT 1;SELECT 2", ["SELECT 1", "SELECT 2"]),
        SplitterCase("operators that resemble comments", "SELECT 4/2*1, a->1, 2 - -1; SELECT 3",
                  ["SELECT 4/2*1, a->1, 2 - -1", "SELECT 3"]),
    ])
    func splitsAtSemicolons(_ example: SplitterCase) {
        #expect(texts(example.script) == example.texts)
    }

    @Test("keeps a semicolon inside a string", arguments: [
        SplitterCase("plain", "SELECT 'a;b'; SELECT 2", ["SELECT 'a;b'", "SELECT 2"]),
        SplitterCase("doubled quote", "SELECT 'it''s; fine'; SELECT 2", ["SELECT 'it''s; fine'", "SELECT 2"]),
        SplitterCase("backslash-escaped quote", #"SELECT 'it\'s; fine'; SELECT 2"#, [#"SELECT 'it\'s; fine'"#, "SELECT 2"]),
        SplitterCase("escaped backslash before the closing quote", #"SELECT 'C:\\'; SELECT ';'"#, [#"SELECT 'C:\\'"#, "SELECT ';'"]),
        SplitterCase("comment markers", "SELECT '--;', '/*;', '//;'; SELECT 2", ["SELECT '--;', '/*;', '//;'", "SELECT 2"]),
        SplitterCase("other quotes", "SELECT '\"`;$$'; SELECT 2", ["SELECT '\"`;$$'", "SELECT 2"]),
        SplitterCase("a line break", "SELECT 'a;\nb'; SELECT 2", ["SELECT 'a;\nb'", "SELECT 2"]),
        SplitterCase("non-ASCII text", "SELECT '支付;🦆', 'é\u{301};'; SELECT 2", ["SELECT '支付;🦆', 'é\u{301};'", "SELECT 2"]),
        SplitterCase("hexadecimal string", "SELECT x'3B'; SELECT 2", ["SELECT x'3B'", "SELECT 2"]),
    ])
    func keepsSemicolonInString(_ example: SplitterCase) {
        #expect(texts(example.script) == example.texts)
    }

    @Test("keeps a semicolon inside a quoted identifier", arguments: [
        SplitterCase("double-quoted", #"SELECT "a;b" FROM t; SELECT 2"#, [#"SELECT "a;b" FROM t"#, "SELECT 2"]),
        SplitterCase("double-quoted, doubled quote", #"SELECT "a"";b"; SELECT 2"#, [#"SELECT "a"";b""#, "SELECT 2"]),
        SplitterCase("double-quoted, escaped quote", #"SELECT "a\";b"; SELECT 2"#, [#"SELECT "a\";b""#, "SELECT 2"]),
        SplitterCase("double-quoted, single quote inside", #"SELECT "it's"; SELECT 2"#, [#"SELECT "it's""#, "SELECT 2"]),
        SplitterCase("back-quoted", "SELECT `a;b`; SELECT 2", ["SELECT `a;b`", "SELECT 2"]),
        SplitterCase("back-quoted, doubled quote", "SELECT `a``;b`; SELECT 2", ["SELECT `a``;b`", "SELECT 2"]),
        SplitterCase("back-quoted, escaped quote", #"SELECT `a\`;b`; SELECT 2"#, [#"SELECT `a\`;b`"#, "SELECT 2"]),
        SplitterCase("back-quoted, comment marker", "SELECT `--;` FROM t; SELECT 2", ["SELECT `--;` FROM t", "SELECT 2"]),
    ])
    func keepsSemicolonInIdentifier(_ example: SplitterCase) {
        #expect(texts(example.script) == example.texts)
    }

    @Test("keeps a semicolon inside a comment", arguments: [
        SplitterCase("line comment", "SELECT 1 -- one; two\n; SELECT 2", ["SELECT 1", "SELECT 2"]),
        SplitterCase("line comment without a space", "SELECT 2 --1; SELECT 3\n", ["SELECT 2"]),
        SplitterCase("line comment with a quote", "SELECT 1 -- it's\n; SELECT 2", ["SELECT 1", "SELECT 2"]),
        SplitterCase("slash-slash comment", "SELECT 1 // one; two\n; SELECT 2", ["SELECT 1", "SELECT 2"]),
        SplitterCase("block comment", "SELECT 1 /* ; */ + 1; SELECT 2", ["SELECT 1 /* ; */ + 1", "SELECT 2"]),
        SplitterCase("block comment with a quote", "SELECT 1 /* it's */ + 1; SELECT '*/'", ["SELECT 1 /* it's */ + 1", "SELECT '*/'"]),
        SplitterCase("block comment over lines", "SELECT 1 /*\n;\n*/ + 1; SELECT 2", ["SELECT 1 /*\n;\n*/ + 1", "SELECT 2"]),
    ])
    func keepsSemicolonInComment(_ example: SplitterCase) {
        #expect(texts(example.script) == example.texts)
    }

    @Test("nests block comments, as ClickHouse does", arguments: [
        SplitterCase("nested once", "SELECT 1 /* a /* b; */ c; */ + 1; SELECT 2", ["SELECT 1 /* a /* b; */ c; */ + 1", "SELECT 2"]),
        SplitterCase("nested twice", "/* /* /* ; */ ; */ ; */ SELECT 1", ["SELECT 1"]),
        SplitterCase("slash-star-slash does not close", "/*/ SELECT 1; */ SELECT 2", ["SELECT 2"]),
        SplitterCase("empty comment", "SELECT /**/ 1; SELECT 2", ["SELECT /**/ 1", "SELECT 2"]),
    ])
    func nestsBlockComments(_ example: SplitterCase) {
        #expect(texts(example.script) == example.texts)
    }

    @Test("keeps a semicolon inside a heredoc", arguments: [
        SplitterCase("anonymous", "SELECT $$a;b$$; SELECT 2", ["SELECT $$a;b$$", "SELECT 2"]),
        SplitterCase("tagged", "SELECT $tag$a;b$tag$; SELECT 2", ["SELECT $tag$a;b$tag$", "SELECT 2"]),
        SplitterCase("other delimiters inside", "SELECT $a$ $$;$b$ ; $a$; SELECT 2", ["SELECT $a$ $$;$b$ ; $a$", "SELECT 2"]),
        SplitterCase("quotes and comments inside", "SELECT $$it's -- /*;$$; SELECT 2", ["SELECT $$it's -- /*;$$", "SELECT 2"]),
        SplitterCase("tag with digits and underscore", "SELECT $_x1$;$_x1$; SELECT 2", ["SELECT $_x1$;$_x1$", "SELECT 2"]),
        SplitterCase("empty heredoc", "SELECT $$$$; SELECT 2", ["SELECT $$$$", "SELECT 2"]),
    ])
    func keepsSemicolonInHeredoc(_ example: SplitterCase) {
        #expect(texts(example.script) == example.texts)
    }

    @Test("starts a heredoc only at a valid delimiter outside a word", arguments: [
        SplitterCase("dollars inside a word", "SELECT a$b$c; SELECT $b$", ["SELECT a$b$c", "SELECT $b$"]),
        SplitterCase("lone dollar", "SELECT $; SELECT ${var}", ["SELECT $", "SELECT ${var}"]),
    ])
    func startsHeredocOnlyAtDelimiter(_ example: SplitterCase) {
        #expect(texts(example.script) == example.texts)
    }

    @Test("takes a tag that starts with a digit as ClickHouse does, and as a parameter where PostgreSQL's rule holds")
    func digitTags() {
        #expect(texts("SELECT $1$; SELECT $1$") == ["SELECT $1$; SELECT $1$"])
        #expect(SQLStatementSplitter.split("SELECT $1$; SELECT $1$", syntax: .common).map(\.text) == ["SELECT $1$", "SELECT $1$"])
    }

    @Test("reads # followed by a space or ! as a comment, as current ClickHouse does")
    func hashComments() {
        #expect(texts("# note; SELECT 1\nSELECT 2") == ["SELECT 2"])
        #expect(texts("SELECT 1 #! shebang; x\n, 2") == ["SELECT 1 #! shebang; x\n, 2"])
        #expect(texts("SELECT #x; SELECT 2") == ["SELECT #x", "SELECT 2"])
    }

    // MARK: What is a statement

    @Test("drops empty and comment-only statements", arguments: [
        SplitterCase("empty script", "", []),
        SplitterCase("only blanks", "  \n\t\r\n ", []),
        SplitterCase("only semicolons", ";;; ;\n;", []),
        SplitterCase("only comments", "-- only\n/* comments; */ // here\n", []),
        SplitterCase("comment-only statement", "SELECT 1; -- x\n; SELECT 2", ["SELECT 1", "SELECT 2"]),
        SplitterCase("empty statements", "SELECT 1;;; SELECT 2;;", ["SELECT 1", "SELECT 2"]),
    ])
    func dropsEmptyStatements(_ example: SplitterCase) {
        #expect(texts(example.script) == example.texts)
    }

    @Test("leaves comments around a statement out of its text and keeps those inside")
    func trimsSurroundingComments() {
        let script = "-- head\n/* more */ SELECT /* in */ 1 -- tail\n/* tail */;\n-- after"
        #expect(texts(script) == ["SELECT /* in */ 1"])
    }

    @Test("accepts a last statement without a semicolon", arguments: [
        SplitterCase("after a statement", "SELECT 1;\nSELECT 2", ["SELECT 1", "SELECT 2"]),
        SplitterCase("followed by a comment", "SELECT 1;\nSELECT 2 -- no semicolon", ["SELECT 1", "SELECT 2"]),
        SplitterCase("alone, with a newline", "SELECT 1\n", ["SELECT 1"]),
    ])
    func acceptsMissingLastSemicolon(_ example: SplitterCase) {
        #expect(texts(example.script) == example.texts)
    }

    @Test("ignores a byte-order mark at the start of the script")
    func ignoresByteOrderMark() {
        let statements = SQLStatementSplitter.split("\u{FEFF}SELECT 1")
        #expect(statements.map(\.text) == ["SELECT 1"])
        #expect(statements.first?.utf8Range == 3..<11)
    }

    // MARK: Where statements come from

    @Test("numbers lines from 1 at the statement's first character", arguments: [
        ("SELECT 1;\nSELECT 2;\n\n\nSELECT 3", [1, 2, 5]),
        ("\n\n-- c\n  SELECT 1; SELECT 2;\nSELECT\n3", [4, 4, 5]),
        ("SELECT 'a\nb\nc'; SELECT 2", [1, 3]),
        ("/* a\nb */ SELECT 1", [2]),
        ("SELECT 1;\r\n\r\nSELECT 2", [1, 3]),
        ("SELECT 1;\rSELECT 2", [1, 1]),
    ])
    func numbersLines(_ script: String, _ lines: [Int]) {
        #expect(SQLStatementSplitter.split(script).map(\.startLine) == lines)
    }

    @Test("numbers statements from 1")
    func numbersStatements() {
        let statements = SQLStatementSplitter.split("; SELECT 1;; -- x\n; SELECT 2; SELECT 3")
        #expect(statements.map(\.index) == [1, 2, 3])
    }

    @Test("records where each statement lies in the script")
    func recordsRanges() {
        let script = "-- x\nSELECT 'é';  SELECT 2"
        let statements = SQLStatementSplitter.split(script)
        #expect(statements.map(\.utf8Range) == [5..<16, 19..<27])
        let bytes = Array(script.utf8)
        for statement in statements {
            #expect(String(decoding: bytes[statement.utf8Range], as: UTF8.self) == statement.text)
        }
    }

    // MARK: Unclosed constructs

    @Test("takes the rest of the script into one statement after an unclosed construct", arguments: [
        SplitterUnclosedCase("string", "SELECT 1;\nSELECT 'oops;\nSELECT 3;", ["SELECT 1", "SELECT 'oops;\nSELECT 3;"], .singleQuotedString, 2),
        SplitterUnclosedCase("string ending in a backslash", "SELECT 'a\\", ["SELECT 'a\\"], .singleQuotedString, 1),
        SplitterUnclosedCase("string with trailing blanks", "SELECT 'abc  \n\n", ["SELECT 'abc"], .singleQuotedString, 1),
        SplitterUnclosedCase("double-quoted identifier", "SELECT \"a; SELECT 2", ["SELECT \"a; SELECT 2"], .doubleQuotedIdentifier, 1),
        SplitterUnclosedCase("back-quoted identifier", "SELECT 1;\n\nSELECT `a; SELECT 2", ["SELECT 1", "SELECT `a; SELECT 2"], .backQuotedIdentifier, 3),
        SplitterUnclosedCase("nested block comment", "SELECT 1 /* a /* b */ c;", ["SELECT 1 /* a /* b */ c;"], .blockComment, 1),
        SplitterUnclosedCase("comment after the last statement", "SELECT 1; /* open\n; SELECT 2;\n", ["SELECT 1", "/* open\n; SELECT 2;"], .blockComment, 1),
        SplitterUnclosedCase("anonymous heredoc", "SELECT 1;\nSELECT\n$$a;\nb", ["SELECT 1", "SELECT\n$$a;\nb"], .heredoc(delimiter: "$$"), 3),
        SplitterUnclosedCase("misspelled heredoc tag", "SELECT $body$x$bdoy$; SELECT 2", ["SELECT $body$x$bdoy$; SELECT 2"], .heredoc(delimiter: "$body$"), 1),
    ])
    func takesRestAfterUnclosedConstruct(_ example: SplitterUnclosedCase) throws {
        let statements = SQLStatementSplitter.split(example.script)
        #expect(statements.map(\.text) == example.texts)
        let last = try #require(statements.last)
        #expect(last.unterminated == .init(construct: example.construct, line: example.line))
        #expect(statements.dropLast().allSatisfy { $0.isComplete })
    }

    @Test("describes an unclosed construct so that it can be fixed")
    func describesUnclosedConstruct() {
        let string = SQLStatement.Unterminated(construct: .singleQuotedString, line: 2)
        #expect(string.description == "the single-quoted string opened on line 2 is never closed; add the closing '")
        let heredoc = SQLStatement.Unterminated(construct: .heredoc(delimiter: "$body$"), line: 7)
        #expect(heredoc.description == "the heredoc $body$ opened on line 7 is never closed; add the closing $body$")
    }

    // MARK: Lossless segments

    @Test("cuts segments just after each terminating semicolon", arguments: [
        ("SELECT ';';\n-- done\n", ["SELECT ';';", "\n-- done\n"]),
        ("", []),
        ("SELECT 1", ["SELECT 1"]),
        ("a;;b;", ["a;", ";", "b;"]),
        ("-- x; y\nSELECT 1;", ["-- x; y\nSELECT 1;"]),
    ] as [(String, [String])])
    func cutsSegments(_ script: String, _ segments: [String]) {
        #expect(SQLStatementSplitter.segments(script).map(String.init) == segments)
    }

    @Test("joins segments back into the exact script", arguments: [
        "SELECT 1;\u{301}SELECT 2",
        "\u{FEFF}SELECT 1;\r\nSELECT '🦆;';\r\n",
        "SELECT 'open; SELECT 2;",
        "/* a; /* b; */ c; */;;",
    ])
    func joinsSegmentsLosslessly(_ script: String) {
        let joined = SQLStatementSplitter.segments(script).joined()
        #expect(Array(joined.utf8) == Array(script.utf8))
    }

    // MARK: Documentation

    @Test("behaves as its documentation shows")
    func documentationExamples() {
        let created = SQLStatementSplitter.split("-- the raw events\nCREATE TABLE events (id UInt64) ENGINE = MergeTree ORDER BY id;")
        #expect(created.map(\.text) == ["CREATE TABLE events (id UInt64) ENGINE = MergeTree ORDER BY id"])
        #expect(created.map(\.startLine) == [2])

        let seeded = SQLStatementSplitter.split("""
            -- 001: the raw events
            CREATE TABLE events (id UInt64, note String DEFAULT 'a;b') ENGINE = MergeTree ORDER BY id;
            INSERT INTO events (id) VALUES (1)
            """)
        #expect(seeded.map(\.startLine) == [2, 3])
        #expect(seeded.last?.text == "INSERT INTO events (id) VALUES (1)")

        let broken = SQLStatementSplitter.split("SELECT 1;\nSELECT 'oops;\nSELECT 3;")
        #expect(broken.last?.text == "SELECT 'oops;\nSELECT 3;")
        #expect(broken.last?.unterminated?.description == "the single-quoted string opened on line 2 is never closed; add the closing '")
    }

    // MARK: Golden files

    @Test("finds the golden scripts")
    func findsGoldenScripts() {
        #expect(SplitterGolden.names.count >= 12)
    }

    @Test("splits each golden script as recorded", arguments: SplitterGolden.names)
    func matchesGolden(_ name: String) throws {
        let script = try SplitterGolden.script(named: name)
        let actual = SplitterGolden.render(SQLStatementSplitter.split(script))
        if name.contains("crlf") {
            #expect(script.utf8.contains(13), "\(name).sql lost its CRLF line endings (check .gitattributes)")
        }
        if SplitterGolden.isUpdating {
            try SplitterGolden.record(actual, named: name)
            return
        }
        let expected = try #require(
            SplitterGolden.expected(named: name),
            "missing \(name).statements; run the tests with STRATA_UPDATE_GOLDEN=1 to record it"
        )
        #expect(actual == expected)
    }

    private func texts(_ script: String) -> [String] {
        SQLStatementSplitter.split(script).map(\.text)
    }
}

/// A script that leaves something open, and what the splitter must report.
struct SplitterUnclosedCase: CustomTestStringConvertible, Sendable {
    let label: String
    let script: String
    let texts: [String]
    let construct: SQLStatement.Unterminated.Construct
    let line: Int

    init(
        _ label: String, _ script: String, _ texts: [String],
        _ construct: SQLStatement.Unterminated.Construct, _ line: Int
    ) {
        (self.label, self.script, self.texts, self.construct, self.line) = (label, script, texts, construct, line)
    }

    var testDescription: String { label }
}

/// The golden scripts: pairs of `NAME.sql` and `NAME.statements` in `Golden/splitter/`.
///
/// A `.statements` file lists the statements of its script, each under a header line
/// `-- statement N (line L)`, followed by `, unterminated: ...` when it leaves something
/// open; a script without statements renders as `-- no statements`.
///
/// To record the expected files after an intended change, run
/// `STRATA_UPDATE_GOLDEN=1 swift test --filter "SQL statement splitter"`; the test then
/// writes into the source tree (`Tests/StrataTests/Golden/splitter/`) instead of comparing.
/// Review the diff before committing it.
enum SplitterGolden {
    static let directory = Bundle.module.url(forResource: "Golden", withExtension: nil)?
        .appendingPathComponent("splitter", isDirectory: true)

    static let sourceDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Golden/splitter", isDirectory: true)

    static var isUpdating: Bool {
        ProcessInfo.processInfo.environment["STRATA_UPDATE_GOLDEN"] == "1"
    }

    /// The names of the golden scripts, without the `.sql` extension, sorted.
    static let names: [String] = {
        guard let directory,
              let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
        else { return [] }
        return files.filter { $0.hasSuffix(".sql") }.map { String($0.dropLast(4)) }.sorted()
    }()

    static func script(named name: String) throws -> String {
        try read(file(name, "sql"))
    }

    static func expected(named name: String) -> String? {
        try? read(file(name, "statements"))
    }

    static func record(_ rendered: String, named name: String) throws {
        let url = sourceDirectory.appendingPathComponent("\(name).statements")
        try Data(rendered.utf8).write(to: url)
    }

    /// Renders statements in the `.statements` format.
    static func render(_ statements: [SQLStatement]) -> String {
        guard !statements.isEmpty else { return "-- no statements\n" }
        return statements.map { statement in
            var header = "-- statement \(statement.index) (line \(statement.startLine)"
            if let unterminated = statement.unterminated {
                header += ", unterminated: \(unterminated)"
            }
            return header + ")\n" + statement.text + "\n"
        }.joined(separator: "\n")
    }

    private static func file(_ name: String, _ ext: String) -> URL {
        (directory ?? sourceDirectory).appendingPathComponent("\(name).\(ext)")
    }

    private static func read(_ url: URL) throws -> String {
        String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }
}
