import Strata
import StrataClickHouse
import Testing

/// Each ClickHouse release cuts a section as its own lexer does, and a section that two
/// releases would cut differently is refused before anything runs.
@Suite("ClickHouse script split by release")
struct ClickHouseScriptSplitTests {
    static let old = ClickHouseServerVersion(major: 18, minor: 16, patch: 1)
    static let current = ClickHouseServerVersion(major: 26, minor: 9, patch: 2)

    @Test("knows which release brought each rule", arguments: [
        ("18.16.1", false, false, SQLSyntax.DollarQuotes.none, false),
        ("20.5.1", false, false, .none, true),
        ("20.10.2", false, true, .none, true),
        ("21.8.3", false, true, .anyTags, true),
        ("22.2.1", true, true, .anyTags, true),
        ("25.7.1", true, true, .anyTags, true),
        ("25.8.1", true, true, .wordTags, true),
        ("26.9.2.1", true, true, .wordTags, true),
    ])
    func rulesByRelease(_ version: String, _ hash: Bool, _ nested: Bool, _ dollars: SQLSyntax.DollarQuotes, _ unicode: Bool) throws {
        let syntax = try #require(ClickHouseServerVersion(version)).sqlSyntax
        #expect(syntax.hashComments == hash)
        #expect(syntax.nestedBlockComments == nested)
        #expect(syntax.dollarQuotes == dollars)
        #expect(syntax.unicodeBlanks == unicode)
        #expect(syntax.slashComments && syntax.backslashEscapes && syntax.backQuotes)
    }

    @Test("a current server reads the # comment, so the commented-out TRUNCATE never runs")
    func currentServerKeepsTheComment() throws {
        let section = "ALTER TABLE keep ADD COLUMN note String # reverted earlier: ; TRUNCATE TABLE keep\n;\n"
        let statements = try ClickHouseScriptSplit.statements(in: section, version: Self.current)
        #expect(statements.map(\.text) == ["ALTER TABLE keep ADD COLUMN note String"])
    }

    @Test("an old server that would read the # comment as SQL refuses the section, naming the rule")
    func oldServerRefusesHashComment() {
        let section = "SELECT 1;\nALTER TABLE keep ADD COLUMN note String # reverted earlier: ; TRUNCATE TABLE keep\n;\n"
        #expect {
            try ClickHouseScriptSplit.statements(in: section, version: Self.old)
        } throws: { error in
            let error = error as? StrataError
            return error?.code == .invalidMigrationFile && error?.message.contains("Statement 2 (section line 2)") == true
                && error?.message.contains("ClickHouse 18.16.1 does not read `# ` and `#!` as comments") == true
        }
    }

    @Test("an old server refuses a block comment that a current one would nest")
    func oldServerRefusesNestedComment() {
        #expect {
            try ClickHouseScriptSplit.statements(in: "/* a /* b */ ; DROP TABLE t; */ SELECT 1", version: Self.old)
        } throws: { error in
            (error as? StrataError)?.message.contains("ends a block comment at its first `*/`") == true
        }
    }

    @Test("a section every release reads alike is split the same on each")
    func plainSectionsAreFine() throws {
        let section = "-- note; not SQL\nCREATE TABLE t (s String DEFAULT 'a;b') ENGINE = Memory;\nINSERT INTO t VALUES ('x');\n"
        for version in [Self.old, Self.current] {
            let statements = try ClickHouseScriptSplit.statements(in: section, version: version)
            #expect(statements.map(\.text) == ["CREATE TABLE t (s String DEFAULT 'a;b') ENGINE = Memory", "INSERT INTO t VALUES ('x')"])
        }
    }

    @Test("refuses a section that ends inside a string")
    func unterminated() {
        #expect {
            try ClickHouseScriptSplit.statements(in: "SELECT 1;\nSELECT 'oops;\n", version: Self.current)
        } throws: { error in
            (error as? StrataError)?.message.contains("never ends") == true
        }
    }
}
