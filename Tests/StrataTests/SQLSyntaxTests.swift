import Strata
import Testing

/// The splitter follows the lexical rules it is given: where a `;` ends a statement depends
/// on which comments, quotes and heredocs the engine reads.
@Suite("SQL syntax rules")
struct SQLSyntaxTests {
    private func texts(_ script: String, _ syntax: SQLSyntax) -> [String] {
        SQLStatementSplitter.split(script, syntax: syntax).map(\.text)
    }

    private let all = SQLSyntax()

    @Test("a # comment hides the rest of its line only where the engine reads it")
    func hashComments() {
        let script = "ALTER TABLE keep ADD COLUMN note String # reverted earlier: ; TRUNCATE TABLE keep\n;"
        #expect(texts(script, all) == ["ALTER TABLE keep ADD COLUMN note String"], "the comment before the `;` is left out")
        var old = all
        old.hashComments = false
        #expect(texts(script, old) == ["ALTER TABLE keep ADD COLUMN note String # reverted earlier:", "TRUNCATE TABLE keep"])
        #expect(texts("SELECT 1 #\tx; SELECT 2", all) == ["SELECT 1 #\tx", "SELECT 2"], "only a space or ! after # makes a comment")
    }

    @Test("block comments nest only where the engine nests them")
    func nesting() {
        let script = "/* a /* b */ ; SELECT 1; */ SELECT 2"
        #expect(texts(script, all) == ["SELECT 2"])
        var flat = all
        flat.nestedBlockComments = false
        #expect(texts(script, flat) == ["SELECT 1", "*/ SELECT 2"])
    }

    @Test("dollar quotes follow the engine's tag rule", arguments: [
        (SQLSyntax.DollarQuotes.none, ["SELECT $$a", "b$$"]),
        (.wordTags, ["SELECT $$a;b$$"]),
        (.anyTags, ["SELECT $$a;b$$"]),
    ])
    func dollarQuotes(_ rule: SQLSyntax.DollarQuotes, _ expected: [String]) {
        var syntax = all
        syntax.dollarQuotes = rule
        #expect(texts("SELECT $$a;b$$", syntax) == expected)
    }

    @Test("a tag with spaces quotes only under the older servers' rule")
    func anyTags() {
        let script = "SELECT $a b$ x; y $a b$"
        var any = all
        any.dollarQuotes = .anyTags
        #expect(texts(script, any) == [script])
        #expect(texts(script, all) == ["SELECT $a b$ x", "y $a b$"])
    }

    @Test("backslash escapes, back quotes and // comments are the engine's to have")
    func engineSpecificQuotes() {
        var plain = all
        plain.backslashEscapes = false
        #expect(texts("SELECT 'a\\'; SELECT 2", all) == ["SELECT 'a\\'; SELECT 2"])
        #expect(texts("SELECT 'a\\'; SELECT 2", plain) == ["SELECT 'a\\'", "SELECT 2"])
        plain.backQuotes = false
        #expect(texts("SELECT `a;b`", plain) == ["SELECT `a", "b`"])
        plain.slashComments = false
        #expect(texts("SELECT 4 // 2; SELECT 5", plain) == ["SELECT 4 // 2", "SELECT 5"])
        #expect(texts("SELECT 4 // 2; SELECT 5", all) == ["SELECT 4"])
    }

    @Test("Unicode spaces are blanks where the engine skips them")
    func unicodeBlanks() {
        #expect(texts("SELECT 1;\u{A0}\u{3000};", all) == ["SELECT 1"])
        var ascii = all
        ascii.unicodeBlanks = false
        #expect(texts("SELECT 1;\u{A0}\u{3000};", ascii) == ["SELECT 1", "\u{A0}\u{3000}"])
        #expect(texts("SELECT 'é'\u{2003};", all) == ["SELECT 'é'"])
    }

    @Test("the widest rules read every construct any engine reads")
    func widest() {
        let widest = SQLSyntax.widest
        #expect(widest.hashComments && widest.slashComments && widest.nestedBlockComments && widest.backQuotes)
        #expect(widest.dollarQuotes == .anyTags)
        #expect(SQLStatementSplitter.split("SELECT 1 # x; y\n").count == 1, "the default is the widest")
    }
}
