/// Writes DuckDB names into SQL, quoted only when needed. Pure.
///
/// A name stays bare when it is lower case letters, digits and `_` (not starting with a
/// digit) and not one of DuckDB's keywords, the rule DuckDB itself follows when it prints
/// names; anything else is double-quoted, with `"` doubled. Upper-case letters are quoted
/// so that the name is shown exactly as it was created.
///
/// ```swift
/// let names = DuckDBIdentifiers(keywords: ["select"])
/// names.quoted("prices")        // prices
/// names.quoted("Day")           // "Day"
/// names.quoted("select")        // "select"
/// ```
struct DuckDBIdentifiers: Sendable {
    /// Keywords, lower case.
    var keywords: Set<String>

    func quoted(_ name: String) -> String {
        needsQuotes(name) ? "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : name
    }

    /// `name` in the default schema, `schema.name` elsewhere.
    func qualified(schema: String, _ name: String, defaultSchema: String) -> String {
        schema == defaultSchema ? quoted(name) : quoted(schema) + "." + quoted(name)
    }

    func needsQuotes(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || ("a"..."z").contains(first) else { return true }
        let plain = name.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        return !plain || keywords.contains(name)
    }

    /// `name` double-quoted, with `"` doubled, whatever it is.
    static func alwaysQuoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A string literal: `'...'` with `'` doubled.
    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
