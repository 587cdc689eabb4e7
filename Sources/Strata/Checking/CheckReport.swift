/// What `strata check` found: every problem, and what was compared.
///
/// An empty ``findings`` list means the check passed.
public struct CheckReport: Sendable, Hashable {
    /// The engine the migrations were replayed on.
    public var engine: DatabaseEngine
    /// What was compared, in order, each passed, failed or skipped.
    public var steps: [CheckStep]
    /// The problems, most serious first.
    public var findings: [CheckFinding]

    public init(engine: DatabaseEngine, steps: [CheckStep], findings: [CheckFinding]) {
        self.engine = engine
        self.steps = steps
        self.findings = findings.sorted { $0.kind.severity > $1.kind.severity }
    }

    /// Whether nothing was found.
    public var passed: Bool { findings.isEmpty }

    /// The most serious kind of finding, `nil` when the check passed.
    public var worst: CheckFinding.Kind? { findings.map(\.kind).max { $0.severity < $1.severity } }
}

/// One comparison `check` makes.
public struct CheckStep: Sendable, Hashable {
    public enum Subject: String, Sendable, Hashable {
        /// The migration files against the database's history: edited, missing, failed, pending.
        case history
        /// The committed schema file against the schema the migrations produce.
        case schemaFile = "schema_file"
        /// The live database's schema against the schema its applied migrations produce.
        case liveSchema = "live_schema"
    }

    public enum Outcome: Sendable, Hashable {
        case passed
        case failed
        /// Not compared, and why.
        case skipped(String)
    }

    public var subject: Subject
    public var outcome: Outcome
    /// What was compared, e.g. `schema.sql (12 objects) with 7 migrations replayed`.
    public var detail: String

    public init(subject: Subject, outcome: Outcome, detail: String) {
        self.subject = subject
        self.outcome = outcome
        self.detail = detail
    }
}

/// One problem `check` found, naming the migrations or schema objects concerned.
public struct CheckFinding: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// An applied migration's file was edited since it was applied.
        case editedMigration = "edited_migration"
        /// An applied migration has no file any more.
        case missingMigration = "missing_migration"
        /// A migration failed or was interrupted.
        case failedMigration = "failed_migration"
        /// The migrations do not apply cleanly to an empty database.
        case replayFailed = "replay_failed"
        /// There is no schema file to compare with.
        case schemaFileMissing = "schema_file_missing"
        /// The schema file is not what the migrations produce.
        case schemaFileDiffers = "schema_file_differs"
        /// The live database's schema is not what its applied migrations produce.
        case liveSchemaDiffers = "live_schema_differs"
        /// Migrations are not applied to the database yet.
        case pendingMigrations = "pending_migrations"

        /// Higher is more serious: history that needs a person, then migrations that do
        /// not run, then schema drift, then pending migrations.
        public var severity: Int {
            switch self {
            case .editedMigration, .missingMigration, .failedMigration: 4
            case .replayFailed: 3
            case .schemaFileMissing, .schemaFileDiffers, .liveSchemaDiffers: 2
            case .pendingMigrations: 1
            }
        }
    }

    public var kind: Kind
    /// What is wrong, in one or two sentences.
    public var message: String
    /// What to do about it.
    public var remedy: String?
    /// The migrations concerned.
    public var versions: [MigrationVersion]
    /// The objects that differ, for schema findings.
    public var differences: [SchemaDifference]
    /// What the `-` lines of ``differences`` come from, e.g. `the migrations`.
    public var expectedLabel: String?
    /// What the `+` lines come from, e.g. `schema.sql`.
    public var actualLabel: String?

    public init(
        kind: Kind, message: String, remedy: String? = nil, versions: [MigrationVersion] = [],
        differences: [SchemaDifference] = [], expectedLabel: String? = nil, actualLabel: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.remedy = remedy
        self.versions = versions
        self.differences = differences
        self.expectedLabel = expectedLabel
        self.actualLabel = actualLabel
    }
}
