import Foundation

/// An error that says what happened, where, and what to do about it.
///
/// Every error Strata throws is a `StrataError`. It carries a ``Code`` that callers can
/// switch on, a ``message`` written for people, a ``remedy`` saying what to do next, the
/// ``location`` (file and line) and ``statement`` it concerns when there is one, and the
/// database's own message in ``underlying``, kept whole.
///
/// `description` is a single line that never contains a password: URLs are printed
/// without their credentials before they reach an error.
///
/// ```swift
/// do { try await migrator.migrate() }
/// catch let error as StrataError where error.code == .statementFailed {
///     print(error.location?.file ?? "", error.underlying ?? "")
/// }
/// ```
public struct StrataError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; stable, and mapped to exit codes by the command line.
    public var code: Code
    /// What happened, in one or two sentences.
    public var message: String
    /// What to do about it, when there is something to do.
    public var remedy: String?
    /// The migration file and line the error concerns.
    public var location: SourceLocation?
    /// The statement that failed, when a statement failed.
    public var statement: StatementContext?
    /// The database's own error message, unchanged.
    public var underlying: String?

    public init(
        _ code: Code, _ message: String, remedy: String? = nil, location: SourceLocation? = nil,
        statement: StatementContext? = nil, underlying: String? = nil
    ) {
        self.code = code
        self.message = message
        self.remedy = remedy
        self.location = location
        self.statement = statement
        self.underlying = underlying
    }

    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        text += message
        if let underlying, !message.contains(underlying) { text += "\n  \(code.databaseLabel): \(underlying)" }
        if let statement {
            text += "\n  statement \(statement.index): \(statement.excerpt)"
        }
        if let remedy { text += "\n  \(remedy)" }
        return text
    }
}

extension StrataError {
    /// A stable identifier for each kind of failure.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        // Bad input: files, names, arguments, URLs.
        case invalidFileName = "invalid_file_name"
        case duplicateVersion = "duplicate_version"
        case invalidMigrationFile = "invalid_migration_file"
        case invalidEncoding = "invalid_encoding"
        case invalidURL = "invalid_url"
        case invalidArgument = "invalid_argument"
        case unknownVersion = "unknown_version"
        case irreversibleMigration = "irreversible_migration"
        case unreadableFile = "unreadable_file"
        // The database.
        case databaseUnavailable = "database_unavailable"
        case databaseLocked = "database_locked"
        case statementFailed = "statement_failed"
        case databaseError = "database_error"
        // History that needs a person's decision.
        case migrationFailedEarlier = "migration_failed_earlier"
        case modifiedMigration = "modified_migration"
        case missingMigration = "missing_migration"
        case outOfOrderMigration = "out_of_order_migration"
        case foreignHistoryTable = "foreign_history_table"
        case historyTooNew = "history_too_new"
        case historyChanged = "history_changed"
        // The run.
        case interrupted = "interrupted"

        var databaseLabel: String { "database says" }
    }
}

/// A place in a migration file.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file name (or path) as the user knows it.
    public var file: String
    /// 1-based line number, when the error concerns one line.
    public var line: Int?

    public init(file: String, line: Int? = nil) {
        self.file = file
        self.line = line
    }

    public var description: String { line.map { "\(file):\($0)" } ?? file }
}

/// The statement an error concerns.
public struct StatementContext: Sendable, Hashable {
    /// 1-based position of the statement in its section.
    public var index: Int
    /// The statement's text, when known.
    public var text: String?

    public init(index: Int, text: String?) {
        self.index = index
        self.text = text
    }

    /// The statement on one line, shortened to a readable length.
    public var excerpt: String {
        guard let text else { return "(text not available)" }
        let oneLine = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
        return oneLine.count > 160 ? String(oneLine.prefix(157)) + "..." : oneLine
    }
}
