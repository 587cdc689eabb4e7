import Logging

/// `strata check`: the CI gate. Compares the migration files with the database's history,
/// the committed schema file with what the migrations produce, and the live schema with
/// what the applied migrations produce.
///
/// The migrations are replayed into scratch databases lent by the driver
/// (``SchemaDriver/withScratchDatabase(_:)``); the database the driver is connected to is
/// only read. Without a live database (``Options/inspectsDatabase`` false), only the schema
/// file is compared, which is what CI without a database does (on an in-memory DuckDB).
///
/// ```swift
/// let report = try await SchemaCheck.run(
///     migrations: migrations, driver: driver,
///     options: .init(schemaFile: SchemaFileContents(path: "schema.sql", text: text), inspectsDatabase: true),
///     configuration: configuration, logger: logger)
/// if !report.passed { ... report.findings ... }
/// ```
public enum SchemaCheck {
    public struct Options: Sendable, Hashable {
        /// The committed schema file to compare; `nil` to leave that comparison out.
        public var schemaFile: SchemaFileContents?
        /// Whether the driver's database is a live database to check (history, pending
        /// migrations, hand-made changes). `false` when it only lends scratch databases.
        public var inspectsDatabase: Bool

        public init(schemaFile: SchemaFileContents?, inspectsDatabase: Bool) {
            self.schemaFile = schemaFile
            self.inspectsDatabase = inspectsDatabase
        }
    }

    /// Runs every comparison and returns what it found; problems are findings, not errors.
    ///
    /// - Throws: ``StrataError`` when the schema file cannot be read as a dump or is for
    ///   another engine (``StrataError/Code/invalidArgument``), or when the database cannot
    ///   be reached or refuses to lend a scratch database.
    public static func run(
        migrations: MigrationSet, driver: any SchemaDriver, options: Options,
        configuration: MigratorConfiguration, logger: Logger
    ) async throws -> CheckReport {
        let engine = driver.engine
        let table = configuration.historyTable
        let files = migrations.migrations(for: engine)
        // Read first: a file that is not a dump is bad input, found before any work.
        let committed: SchemaSnapshot? = try options.schemaFile.flatMap { file throws(StrataError) in try parse(file, engine: engine) }
        var steps: [CheckStep] = []
        var findings: [CheckFinding] = []

        // 1. History: edited, missing, failed, pending.
        var history: HistoryState?
        if options.inspectsDatabase {
            let state = HistoryState(events: try await driver.readHistory(table))
            history = state
            let (step, found) = historyFindings(Planner.status(migrations: files, history: state))
            steps.append(step)
            findings += found
        } else {
            steps.append(CheckStep(subject: .history, outcome: .skipped("no live database was given"), detail: "migration files against history"))
        }

        // 2. The schema file against every migration, replayed.
        var everything: Result<SchemaSnapshot, StrataError>?
        if let file = options.schemaFile {
            let replayed = try await replay(migrations, on: driver, configuration: configuration, logger: logger)
            everything = replayed
            let (step, found) = schemaFileFindings(file, committed: committed, replayed: replayed, migrationCount: files.count)
            steps.append(step)
            findings += found
        } else {
            steps.append(CheckStep(subject: .schemaFile, outcome: .skipped("--no-schema-file"), detail: "schema file against the migrations"))
        }

        // 3. The live schema against the applied migrations, replayed.
        if let history {
            let report = Planner.status(migrations: files, history: history)
            if report.needsAttention {
                steps.append(CheckStep(subject: .liveSchema, outcome: .skipped("history needs attention first: what was applied is not known for sure"),
                                       detail: "live schema against the applied migrations"))
            } else {
                let applied = try SchemaReplay.appliedMigrations(of: migrations, engine: engine, history: history)
                let expected: Result<SchemaSnapshot, StrataError>
                var reused = false
                if applied.files.isEmpty {
                    expected = .success(SchemaSnapshot(engine: engine, objects: []))
                } else if let everything, applied.files.count == files.count {
                    expected = everything
                    reused = true
                } else {
                    expected = try await replay(applied, on: driver, configuration: configuration, logger: logger)
                }
                let live = try await driver.schema(excluding: table)
                // A failed replay reused from the schema-file step is reported there already.
                let (step, found) = liveFindings(live: live, replayed: expected, appliedCount: applied.files.count,
                                                 reportReplayFailure: !reused)
                steps.append(step)
                findings += found
            }
        } else {
            steps.append(CheckStep(subject: .liveSchema, outcome: .skipped("no live database was given"), detail: "live schema against the applied migrations"))
        }
        return CheckReport(engine: engine, steps: steps, findings: findings)
    }

    /// Replays, turning a migration that fails into a value (a finding), and letting
    /// errors of the database itself (unreachable, refused) through.
    private static func replay(
        _ migrations: MigrationSet, on driver: any SchemaDriver, configuration: MigratorConfiguration, logger: Logger
    ) async throws -> Result<SchemaSnapshot, StrataError> {
        do {
            return .success(try await SchemaReplay.schema(of: migrations, on: driver, configuration: configuration, logger: logger))
        } catch let error as StrataError where [.statementFailed, .invalidMigrationFile].contains(error.code) {
            return .failure(error)
        }
    }

    /// Reads the committed schema file; `nil` when it does not exist.
    ///
    /// - Throws: ``StrataError/Code/invalidArgument`` when it is not a dump, or a dump of
    ///   another engine.
    static func parse(_ file: SchemaFileContents, engine: DatabaseEngine) throws(StrataError) -> SchemaSnapshot? {
        guard let text = file.text else { return nil }
        let snapshot = try SchemaSnapshot.parse(text, file: file.path)
        guard snapshot.engine == engine else {
            throw StrataError(.invalidArgument,
                              "\(file.path) is a \(snapshot.engine.displayName) schema, but the migrations are being checked on \(engine.displayName).",
                              remedy: "Pass a \(snapshot.engine.displayName) URL with --url, or point --schema at the \(engine.displayName) schema file.",
                              location: SourceLocation(file: file.path))
        }
        return snapshot
    }
}

/// The committed schema file as read from disk: its path (as shown in messages) and its
/// text, `nil` when there is no such file.
public struct SchemaFileContents: Sendable, Hashable {
    public var path: String
    public var text: String?

    public init(path: String, text: String?) {
        self.path = path
        self.text = text
    }
}
