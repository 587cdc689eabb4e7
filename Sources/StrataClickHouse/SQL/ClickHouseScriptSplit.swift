import Strata

/// Cuts a migration section into the statements a ClickHouse release reads in it, and
/// refuses a section that other releases would cut differently. Pure.
///
/// ClickHouse's lexer changed between releases (``ClickHouseServerVersion/sqlSyntax``): on a
/// server before 22.2 `# note ; TRUNCATE TABLE t` is SQL, on later ones a comment. The split
/// follows the server's own rules, so that Strata sends what the server would read as one
/// statement, one request each. Where the server's rules and the widest rules of any release
/// (``SQLSyntax/widest``) cut a section differently, its meaning depends on the release it
/// meets: what one server runs as a statement, another skips as a comment. Such a section is
/// refused before anything runs, naming the statement and the rule.
///
/// ```swift
/// let old = ClickHouseServerVersion(major: 18, minor: 16, patch: 1)
/// try ClickHouseScriptSplit.statements(in: "SELECT 1;\nSELECT 2 # no ; more", version: old)
/// // throws: statement 2 (line 2) reads differently on other releases: ClickHouse 18.16.1
/// //         does not read `# ` as a comment (22.2 and later do) ...
/// ```
public enum ClickHouseScriptSplit {
    /// The statements of `script` as a server of `version` reads them.
    ///
    /// - Throws: ``StrataError/Code/invalidMigrationFile`` when the section ends inside a
    ///   string, quoted name, comment or heredoc, or when another release would cut it
    ///   differently; the lines are within the section.
    public static func statements(in script: String, version: ClickHouseServerVersion) throws(StrataError) -> [SQLStatement] {
        let syntax = version.sqlSyntax
        let statements = SQLStatementSplitter.split(script, syntax: syntax)
        if let last = statements.last, let open = last.unterminated {
            throw StrataError(
                .invalidMigrationFile,
                "Statement \(last.index) (section line \(last.startLine)) never ends: \(open.description). Nothing ran.",
                remedy: open.line == last.startLine
                    ? "Close it on line \(open.line) of the section."
                    : "Close it, or look for an earlier quote without its pair between section lines \(last.startLine) and \(open.line).")
        }
        guard syntax != .widest else { return statements }
        let widest = SQLStatementSplitter.split(script, syntax: .widest)
        if let difference = firstDifference(statements, widest) {
            let rules = differingRules(script, server: syntax, statements: statements, version: version)
            throw StrataError(
                .invalidMigrationFile,
                "Statement \(difference.index) (section line \(difference.startLine)) reads differently on other ClickHouse releases: \(rules). What one release runs as SQL, another skips as a comment or string. Nothing ran.",
                remedy: "Write the section so that every release reads it alike: `--` comments (not `#`), block comments without a `/*` inside, strings instead of heredocs.")
        }
        return statements
    }

    /// The first statement of `server` whose text or place differs from the widest reading.
    private static func firstDifference(_ server: [SQLStatement], _ widest: [SQLStatement]) -> SQLStatement? {
        for (index, statement) in server.enumerated() {
            guard index < widest.count, widest[index].text == statement.text, widest[index].utf8Range == statement.utf8Range else {
                return statement
            }
        }
        return nil
    }

    /// The rules of `server` that, each taken alone from the widest syntax, change this split.
    private static func differingRules(_ script: String, server: SQLSyntax, statements: [SQLStatement],
                                       version: ClickHouseServerVersion) -> String {
        var widened: [(SQLSyntax, String)] = []
        func consider(_ change: (inout SQLSyntax) -> Void, _ description: String) {
            var syntax = server
            change(&syntax)
            if syntax != server { widened.append((syntax, description)) }
        }
        consider({ $0.hashComments = SQLSyntax.widest.hashComments }, "does not read `# ` and `#!` as comments (22.2 and later do)")
        consider({ $0.nestedBlockComments = SQLSyntax.widest.nestedBlockComments },
                 "ends a block comment at its first `*/` (20.10 and later nest `/* /* */ */`)")
        consider({ $0.dollarQuotes = SQLSyntax.widest.dollarQuotes },
                 server.dollarQuotes == .none ? "has no heredocs (`$$ ... $$`, 21.8 and later)" : "takes only letters, digits and `_` as heredoc tags (21.8 to 25.7 took any)")
        consider({ $0.unicodeBlanks = SQLSyntax.widest.unicodeBlanks }, "does not read Unicode spaces as blanks (20.5 and later do)")
        let texts = statements.map(\.text)
        let mattering = widened.filter { SQLStatementSplitter.split(script, syntax: $0.0).map(\.text) != texts }.map(\.1)
        let reasons = mattering.isEmpty ? widened.map(\.1) : mattering
        return "ClickHouse \(version) " + reasons.joined(separator: ", and ")
    }
}
