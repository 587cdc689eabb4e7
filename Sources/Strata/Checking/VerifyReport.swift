/// What `strata verify` found, migration by migration.
public struct VerifyReport: Sendable, Hashable {
    /// The engine of the scratch database.
    public var engine: DatabaseEngine
    /// Every migration verified, in order, up to and including the one that failed.
    public var migrations: [VerifiedMigration]
    /// The first failure; `nil` when every migration passed.
    public var failure: VerifyFailure?

    public init(engine: DatabaseEngine, migrations: [VerifiedMigration], failure: VerifyFailure?) {
        self.engine = engine
        self.migrations = migrations
        self.failure = failure
    }

    /// Whether every migration with a down section was rolled back and re-applied cleanly.
    public var passed: Bool { failure == nil }

    /// The migrations that have no down section: applied, never rolled back.
    public var irreversible: [VerifiedMigration] { migrations.filter { $0.outcome == .irreversible } }
}

/// One migration as `verify` saw it.
public struct VerifiedMigration: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable {
        /// Up, down and up again, each leaving the schema as expected.
        case reversible
        /// No down section: applied, not rolled back; verification went on past it.
        case irreversible
        /// The failure of the report.
        case failed
    }

    public var version: MigrationVersion
    public var name: String
    public var fileName: String
    public var outcome: Outcome

    public init(version: MigrationVersion, name: String, fileName: String, outcome: Outcome) {
        self.version = version
        self.name = name
        self.fileName = fileName
        self.outcome = outcome
    }
}

/// The first migration that did not survive up, down, up.
public struct VerifyFailure: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// After down, the schema is not what it was before up.
        case downDoesNotRestore = "down_does_not_restore"
        /// After down and up again, the schema is not what the first up produced.
        case reapplyDiffers = "reapply_differs"
        /// A statement of the up or down section failed.
        case statementFailed = "statement_failed"
    }

    /// Which step of up, down, up.
    public enum Phase: String, Sendable, Hashable {
        case up
        case down
        case upAgain = "up_again"
    }

    public var kind: Kind
    public var phase: Phase
    public var version: MigrationVersion
    public var fileName: String
    /// What happened, naming the migration.
    public var message: String
    /// What to do about it.
    public var remedy: String
    /// How the schema differs (expected: before up, or after the first up).
    public var differences: [SchemaDifference]
    /// The error, for ``Kind/statementFailed``.
    public var error: StrataError?

    public init(kind: Kind, phase: Phase, version: MigrationVersion, fileName: String, message: String, remedy: String,
                differences: [SchemaDifference] = [], error: StrataError? = nil) {
        self.kind = kind
        self.phase = phase
        self.version = version
        self.fileName = fileName
        self.message = message
        self.remedy = remedy
        self.differences = differences
        self.error = error
    }
}
