/// What a lint rule looks at: one section of one migration, split into statements of
/// words, with what the other migrations say about tables.
struct LintInput {
    enum Section: Sendable { case up, down }

    let migration: Migration
    let section: Section
    let sql: String
    let markerLine: Int
    let statements: [[SQLWord]]
    let context: LintContext
    let catalog: TableCatalog

    /// A finding at a word of this section.
    func finding(
        _ rule: String, _ severity: LintFinding.Severity, at word: SQLWord?, _ message: String,
        suggestion: String?, edits: [TextEdit] = []
    ) -> LintIssue {
        let line = word.map { markerLine + $0.line } ?? markerLine
        return LintIssue(
            finding: LintFinding(rule: rule, severity: severity, location: SourceLocation(file: migration.fileName, line: line),
                                 message: message, suggestion: suggestion, fixable: !edits.isEmpty),
            edits: edits)
    }

    /// An edit of this section's text.
    func edit(_ range: Range<Int>, _ replacement: String) -> TextEdit {
        TextEdit(section: section, range: range, replacement: replacement)
    }

    /// The first word of the statement that holds `word`.
    func statementStart(of statement: [SQLWord]) -> Int { statement.first?.range.lowerBound ?? 0 }
}

/// A finding and the edits that fix it.
struct LintIssue {
    var finding: LintFinding
    var edits: [TextEdit]
}

/// A replacement of a range of a section's UTF-8 bytes.
struct TextEdit: Hashable {
    var section: LintInput.Section
    var range: Range<Int>
    var replacement: String
}

/// A lint rule: an identifier, the engines it applies to, and its check.
struct LintRule: Sendable {
    let id: String
    let engines: Set<DatabaseEngine>
    let sections: Set<LintInput.Section>
    let check: @Sendable (LintInput) -> [LintIssue]

    init(_ id: String, engines: Set<DatabaseEngine> = Set(DatabaseEngine.allCases),
         sections: Set<LintInput.Section> = [.up], check: @escaping @Sendable (LintInput) -> [LintIssue]) {
        self.id = id
        self.engines = engines
        self.sections = sections
        self.check = check
    }
}

/// What lint knows beyond the files: the engine, and the server's version when connected.
public struct LintContext: Sendable, Hashable {
    public var engine: DatabaseEngine
    /// The server's version, e.g. `18.16.1`; enables the checks for statements an old
    /// ClickHouse does not know.
    public var serverVersion: String?

    public init(engine: DatabaseEngine, serverVersion: String? = nil) {
        self.engine = engine
        self.serverVersion = serverVersion
    }

    /// The server's major and minor version, when known.
    var serverMajorMinor: (Int, Int)? {
        guard let serverVersion else { return nil }
        let parts = serverVersion.drop(while: { !$0.isNumber }).split(separator: ".").compactMap { Int($0.prefix(while: \.isNumber)) }
        guard parts.count >= 2 else { return nil }
        return (parts[0], parts[1])
    }
}
