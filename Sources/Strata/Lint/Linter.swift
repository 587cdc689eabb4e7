import Foundation

/// `strata lint`: engine-aware checks of migration files before anything runs. Pure.
///
/// Each finding names the file and line and says what to write instead; fixable ones
/// (`SERIAL`, `JSONB`, `CONCURRENTLY` on DuckDB) are rewritten by ``fix(_:fileBytes:in:context:)``.
///
/// ```swift
/// let findings = Linter.lint(migrations, context: LintContext(engine: .duckdb))
/// // 003_alerts.sql:4: error: DuckDB does not know type JSONB. Use JSON (keeps the JSON functions). [duckdb-jsonb]
/// ```
public enum Linter {
    static let rules: [LintRule] = [
        .duckdbSerial, .duckdbJSONB, .duckdbPostgresTypes, .duckdbPostgresStatements,
        .clickhouseEngine, .clickhouseOnClusterAlter, .clickhouseMutation, .clickhouseOldServer,
        .destructive, .missingDown,
    ]

    /// The identifiers of every rule, for documentation and `--json` consumers.
    public static var ruleIdentifiers: [String] { rules.map(\.id) }

    /// Checks migrations (already resolved for `context.engine`), in version order.
    public static func lint(_ migrations: [Migration], context: LintContext) -> [LintFinding] {
        migrations.flatMap { issues(for: $0, in: migrations, context: context).map(\.finding) }
    }

    static func issues(for migration: Migration, in migrations: [Migration], context: LintContext) -> [LintIssue] {
        let catalog = TableCatalog(migrations: migrations, before: migration.version)
        var sections: [(LintInput.Section, MigrationSection)] = [(.up, migration.up)]
        if let down = migration.down { sections.append((.down, down)) }
        var issues: [LintIssue] = []
        for (name, section) in sections {
            let input = LintInput(migration: migration, section: name, sql: section.sql, markerLine: section.markerLine,
                                  statements: SQLWords.statements(in: section.sql), context: context, catalog: catalog)
            for rule in rules where rule.engines.contains(context.engine) && rule.sections.contains(name) {
                issues += rule.check(input)
            }
        }
        return issues.sorted { ($0.finding.location.line ?? 0) < ($1.finding.location.line ?? 0) }
    }

    /// Rewrites a file to fix what can be fixed, or returns `nil` when nothing can.
    ///
    /// - Parameters:
    ///   - migration: the parsed file.
    ///   - fileBytes: the file as it is on disk (line endings and byte-order mark are kept).
    ///   - migrations: every migration for the engine (for what earlier files created).
    /// - Throws: ``StrataError`` when the file cannot be read back.
    public static func fix(_ migration: Migration, fileBytes: [UInt8], in migrations: [Migration], context: LintContext) throws(StrataError) -> LintFix? {
        let issues = issues(for: migration, in: migrations, context: context).filter { !$0.edits.isEmpty }
        guard !issues.isEmpty else { return nil }
        let original = try MigrationFileParser.decodeUTF8(fileName: migration.fileName, bytes: fileBytes)
        let edits = issues.flatMap(\.edits)
        let up = apply(edits.filter { $0.section == .up }, to: migration.up.sql)
        let down = migration.down.map { apply(edits.filter { $0.section == .down }, to: $0.sql) }
        var fixed = rebuild(original, migration: migration, up: up, down: down)
        if fileBytes.starts(with: [0xEF, 0xBB, 0xBF]) { fixed = "\u{FEFF}" + fixed }
        return LintFix(fileName: migration.fileName, original: original, fixed: fixed, findings: issues.map(\.finding))
    }

    static func apply(_ edits: [TextEdit], to sql: String) -> String {
        var bytes = Array(sql.utf8)
        for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            bytes.replaceSubrange(edit.range, with: Array(edit.replacement.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The file with its sections replaced, keeping its header, markers, line endings and BOM.
    static func rebuild(_ original: String, migration: Migration, up: String, down: String?) -> String {
        let lineEnding = original.contains("\r\n") ? "\r\n" : "\n"
        let lines = MigrationFileParser.normalisedLines(original).map(String.init)
        var result = Array(lines.prefix(migration.up.markerLine))
        result += up.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let downSection = migration.down, let down {
            result.append(lines[downSection.markerLine - 1])
            result += down.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        } else if let marker = lines.indices.dropFirst(migration.up.markerLine).first(where: {
            lines[$0].trimmingCharacters(in: .whitespaces).hasPrefix("--") && lines[$0].lowercased().contains("migrate:down")
        }) {
            // An empty down section (no SQL) is kept as it was.
            result += lines[marker...]
        }
        var text = result.joined(separator: lineEnding)
        if original.utf8.last == UInt8(ascii: "\n") { text += lineEnding }
        return text
    }
}

/// A rewritten file: the text before and after, and what was fixed.
public struct LintFix: Sendable, Hashable {
    public var fileName: String
    public var original: String
    public var fixed: String
    public var findings: [LintFinding]

    /// The changed lines, `-` before and `+` after.
    public var difference: [String] {
        SchemaDifference.lineDiff(original.replacingOccurrences(of: "\r\n", with: "\n"), fixed.replacingOccurrences(of: "\r\n", with: "\n"))
    }
}
