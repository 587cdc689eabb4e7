import Strata

extension SQLSyntax {
    /// DuckDB's lexer (PostgreSQL's): `--` and nested `/* */` comments, `'...'` strings and
    /// `"..."` names with doubled quotes only, `$tag$` dollar quotes; no `#` or `//` comments,
    /// no back quotes, no backslash escapes outside `E'...'` strings (which Strata reads as
    /// plain strings: a `\'` inside one shifts the statements Strata names, not what runs,
    /// since DuckDB's own parser splits what it runs).
    public static let duckDB = SQLSyntax(
        dollarQuotes: .identifierTags, hashComments: false, slashComments: false, nestedBlockComments: true,
        backslashEscapes: false, backQuotes: false, unicodeBlanks: false)
}
