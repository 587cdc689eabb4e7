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

    /// Checks migrations (already resolved for `context.engine`); findings come in the order of
    /// `migrations`, each file's by line.
    ///
    /// Each section is cut into words once, and what earlier files say about tables is carried
    /// from one file to the next: time grows with the folder's size, not its square.
    public static func lint(_ migrations: [Migration], context: LintContext) -> [LintFinding] {
        var findings = Array(repeating: [LintFinding](), count: migrations.count)
        walk(migrations) { index, catalog, upStatements in
            findings[index] = issues(for: migrations[index], upStatements: upStatements, catalog: catalog, context: context).map(\.finding)
        }
        return findings.flatMap { $0 }
    }

    /// Calls `body` for each migration in version order with its index in `migrations`, the
    /// tables the migrations before it made, and its up section's statements.
    static func walk<Failure: Error>(_ migrations: [Migration], _ body: (Int, TableCatalog, [[SQLWord]]) throws(Failure) -> Void) throws(Failure) {
        var catalog = TableCatalog()
        for index in migrations.indices.sorted(by: { migrations[$0].version < migrations[$1].version }) {
            let upStatements = SQLWords.statements(in: migrations[index].up.sql)
            try body(index, catalog, upStatements)
            catalog.read(upStatements)
        }
    }

    static func issues(for migration: Migration, upStatements: [[SQLWord]], catalog: TableCatalog, context: LintContext) -> [LintIssue] {
        var sections: [(LintInput.Section, MigrationSection, [[SQLWord]])] = [(.up, migration.up, upStatements)]
        if let down = migration.down { sections.append((.down, down, SQLWords.statements(in: down.sql))) }
        var issues: [LintIssue] = []
        for (name, section, statements) in sections {
            let input = LintInput(migration: migration, section: name, sql: section.sql, markerLine: section.markerLine,
                                  statements: statements, context: context, catalog: catalog)
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
        let all = migrations.contains { $0.fileName == migration.fileName } ? migrations : migrations + [migration]
        return try fixes(all, context: context, where: { $0.fileName == migration.fileName }, fileBytes: { _ in fileBytes }).first
    }

    /// Rewrites every file that `shouldFix` picks and that has something fixable, reading the
    /// folder once (use this rather than ``fix(_:fileBytes:in:context:)`` per file).
    ///
    /// - Parameters:
    ///   - migrations: every migration for the engine, in any order.
    ///   - shouldFix: which files may be rewritten (e.g. those never applied).
    ///   - fileBytes: a picked file as it is on disk, or `nil` to leave it alone (gone).
    /// - Returns: the rewritten files, in version order.
    /// - Throws: ``StrataError`` when a picked file cannot be read back as UTF-8.
    public static func fixes(
        _ migrations: [Migration], context: LintContext, where shouldFix: (Migration) -> Bool, fileBytes: (Migration) -> [UInt8]?
    ) throws(StrataError) -> [LintFix] {
        var result: [LintFix] = []
        try walk(migrations) { (index, catalog, upStatements) throws(StrataError) in
            let migration = migrations[index]
            guard shouldFix(migration) else { return }
            let issues = issues(for: migration, upStatements: upStatements, catalog: catalog, context: context).filter { !$0.edits.isEmpty }
            guard !issues.isEmpty, let bytes = fileBytes(migration) else { return }
            result.append(try fix(migration, fileBytes: bytes, issues: issues))
        }
        return result
    }

    static func fix(_ migration: Migration, fileBytes: [UInt8], issues: [LintIssue]) throws(StrataError) -> LintFix {
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
