import Logging

/// The schema that migrations produce: applied one by one to a scratch database of the
/// driver's engine, then read back.
///
/// This is what `strata dump --from-migrations` prints and what `strata check` compares
/// the committed schema file and the live database with.
///
/// ```swift
/// let expected = try await SchemaReplay.schema(of: migrations, on: driver, configuration: configuration, logger: logger)
/// ```
public enum SchemaReplay {
    /// Applies every migration (for the driver's engine, in version order) to a scratch
    /// database lent by `driver`, and returns its schema. The database `driver` is
    /// connected to is not touched.
    ///
    /// - Parameters:
    ///   - migrations: the migrations to apply.
    ///   - driver: lends the scratch database (``SchemaDriver/withScratchDatabase(_:)``).
    ///   - configuration: the history table to use and leave out of the schema.
    ///   - logger: routine steps at debug level.
    /// - Throws: ``StrataError`` naming the migration, line and statement that failed, its
    ///   message saying that it failed in a scratch database.
    public static func schema(
        of migrations: MigrationSet, on driver: any SchemaDriver, configuration: MigratorConfiguration, logger: Logger
    ) async throws -> SchemaSnapshot {
        logger.debug("replaying migrations into a scratch database", metadata: ["engine": "\(driver.engine)"])
        return try await driver.withScratchDatabase { scratch in
            let migrator = Migrator(driver: scratch, migrations: migrations, configuration: configuration, logger: logger)
            do {
                try await migrator.migrate()
            } catch var error as StrataError {
                error.message = "Replaying the migrations into a scratch \(scratch.engine.displayName) database failed: \(error.message)"
                throw error
            }
            return try await scratch.schema(excluding: configuration.historyTable)
        }
    }

    /// The migrations of `set` that `history` shows applied, resolved for `engine`: what a
    /// database with this history should have run.
    public static func appliedMigrations(of set: MigrationSet, engine: DatabaseEngine, history: HistoryState) throws(StrataError) -> MigrationSet {
        let applied = Set(history.applied.map(\.version))
        return try MigrationSet(set.migrations(for: engine).filter { applied.contains($0.version) })
    }
}
