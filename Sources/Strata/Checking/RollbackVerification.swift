import Logging

/// `strata verify`: proves on a scratch database that every down section undoes its up
/// section, and that the migration can be applied again afterwards.
///
/// For each migration, in version order: read the schema, apply it, read the schema, roll
/// it back, read the schema (it must equal the first reading), apply it again, read the
/// schema (it must equal the second). The first migration that fails stops the run. The
/// last reading of one migration is the first of the next (nothing runs in between): three
/// readings per migration, each of the whole schema.
/// A migration without a down section is applied, listed as irreversible, and the run
/// goes on past it, so that the migrations after it are still verified.
///
/// ```swift
/// let report = try await RollbackVerification.run(migrations: migrations, driver: driver,
///                                                 configuration: configuration, logger: logger)
/// if let failure = report.failure { print(failure.message, failure.differences) }
/// ```
public enum RollbackVerification {
    /// Verifies every migration for the driver's engine on a scratch database it lends;
    /// the database `driver` is connected to is not touched.
    ///
    /// - Throws: ``StrataError`` when the database cannot be reached or will not lend a
    ///   scratch database. A migration that fails is a ``VerifyFailure`` in the report.
    public static func run(
        migrations: MigrationSet, driver: any SchemaDriver, configuration: MigratorConfiguration, logger: Logger
    ) async throws -> VerifyReport {
        let files = migrations.migrations(for: driver.engine)
        let table = configuration.historyTable
        return try await driver.withScratchDatabase { scratch in
            let migrator = Migrator(driver: scratch, migrations: migrations, configuration: configuration, logger: logger)
            var verified: [VerifiedMigration] = []
            func record(_ file: Migration, _ outcome: VerifiedMigration.Outcome) {
                verified.append(VerifiedMigration(version: file.version, name: file.name, fileName: file.fileName, outcome: outcome))
            }
            func finish(_ file: Migration, _ failure: VerifyFailure) -> VerifyReport {
                record(file, .failed)
                return VerifyReport(engine: scratch.engine, migrations: verified, failure: failure)
            }
            var current = try await scratch.schema(excluding: table)
            for file in files {
                logger.debug("verifying migration", metadata: ["version": "\(file.version)"])
                let before = current
                if let failure = try await attempt(.up, file, { try await migrator.migrate(Planner.UpOptions(target: file.version)) }) {
                    return finish(file, failure)
                }
                let applied = try await scratch.schema(excluding: table)
                current = applied
                guard file.down != nil else {
                    record(file, .irreversible)
                    continue
                }
                if let failure = try await attempt(.down, file, { try await migrator.run(try await migrator.planDown(.steps(1))) }) {
                    return finish(file, failure)
                }
                let rolledBack = try await scratch.schema(excluding: table)
                if let failure = compare(expected: before, actual: rolledBack, file: file, phase: .down) {
                    return finish(file, failure)
                }
                if let failure = try await attempt(.upAgain, file, { try await migrator.migrate(Planner.UpOptions(target: file.version)) }) {
                    return finish(file, failure)
                }
                let reapplied = try await scratch.schema(excluding: table)
                if let failure = compare(expected: applied, actual: reapplied, file: file, phase: .upAgain) {
                    return finish(file, failure)
                }
                current = reapplied
                record(file, .reversible)
            }
            return VerifyReport(engine: scratch.engine, migrations: verified, failure: nil)
        }
    }

    /// Runs one step; a migration that fails becomes a failure value, other errors pass.
    private static func attempt(
        _ phase: VerifyFailure.Phase, _ file: Migration, _ step: () async throws -> Void
    ) async throws -> VerifyFailure? {
        do {
            try await step()
            return nil
        } catch let error as StrataError where [.statementFailed, .invalidMigrationFile].contains(error.code) {
            let section = phase == .down ? "down" : "up"
            let when = phase == .upAgain ? " when applied again after its down section" : ""
            return VerifyFailure(
                kind: .statementFailed, phase: phase, version: file.version, fileName: file.fileName,
                message: "\(file.fileName): the \(section) section failed\(when).",
                remedy: phase == .upAgain
                    ? "Make the down section undo everything the up section does, so that it can run again."
                    : "Fix the \(section) section (the error says where).",
                error: error)
        }
    }

    /// The failure when a schema is not the one expected after `phase`. Pure.
    static func compare(expected: SchemaSnapshot, actual: SchemaSnapshot, file: Migration, phase: VerifyFailure.Phase) -> VerifyFailure? {
        let differences = SchemaDifference.compare(expected: expected, actual: actual)
        guard !differences.isEmpty else { return nil }
        if phase == .down {
            let summary = SchemaCheck.summary(differences, added: "left behind", removed: "not restored")
            return VerifyFailure(
                kind: .downDoesNotRestore, phase: phase, version: file.version, fileName: file.fileName,
                message: "\(file.fileName): the down section does not restore the schema as it was before the up section: \(summary).",
                remedy: "Make the down section undo each of these (added objects must be dropped, removed ones re-created).",
                differences: differences)
        }
        let summary = SchemaCheck.summary(differences, added: "only after up again", removed: "missing after up again")
        return VerifyFailure(
            kind: .reapplyDiffers, phase: phase, version: file.version, fileName: file.fileName,
            message: "\(file.fileName): applied again after its down section, it gives another schema than the first time: \(summary).",
            remedy: "Make the down section undo everything the up section does.",
            differences: differences)
    }
}
