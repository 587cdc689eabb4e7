import Foundation
import Logging

/// Applies, rolls back and reports migrations on one database.
///
/// A `Migrator` joins the migrations of a folder (resolved for the driver's engine) with a
/// driver. It plans in pure code (``Planner``) and does I/O only through the driver.
///
/// ```swift
/// let migrations = try MigrationDirectory.load(from: URL(fileURLWithPath: "migrations"))
/// try await DuckDBDriver.withDriver(path: "data/app.duckdb") { driver in
///     let migrator = Migrator(driver: driver, migrations: migrations, logger: logger)
///     try await migrator.migrate()
///     try await migrator.ensure(MigrationVersion(12))
/// }
/// ```
public struct Migrator: Sendable {
    /// The database.
    public let driver: any MigrationDriver
    /// The migrations for the driver's engine, in version order.
    public let migrations: [Migration]
    public let configuration: MigratorConfiguration
    let logger: Logger
    /// The ``HistorySummary`` digest of every migration, computed once with them (like their
    /// checksums) so that ``ensure(_:checkingFiles:)`` compares rather than hashes.
    let digestOfAllFiles: String?

    /// - Parameters:
    ///   - driver: the database to migrate.
    ///   - migrations: the folder's migrations; engine-specific variants are chosen for the driver's engine.
    ///   - configuration: history table, who runs it, clock.
    ///   - logger: routine steps are logged at debug level.
    public init(driver: any MigrationDriver, migrations: MigrationSet, configuration: MigratorConfiguration = MigratorConfiguration(), logger: Logger) {
        self.driver = driver
        self.migrations = migrations.migrations(for: driver.engine)
        self.configuration = configuration
        self.logger = logger
        self.digestOfAllFiles = HistorySummary.digest(of: self.migrations)
    }

    var table: HistoryTable { configuration.historyTable }

    /// Reads and folds the history.
    ///
    /// - Throws: ``StrataError/Code/historyTooNew`` when a newer Strata wrote events in a
    ///   format this build does not know.
    public func historyState() async throws -> HistoryState {
        let events = try await driver.readHistory(table)
        if let newest = events.map(\.formatVersion).max(), newest > HistoryEvent.currentFormatVersion {
            throw StrataError(.historyTooNew,
                              "The history table \(table.name) has events in format \(newest); this build of Strata understands up to \(HistoryEvent.currentFormatVersion).",
                              remedy: "Use a newer Strata release.")
        }
        return HistoryState(events: events)
    }

    /// Every history event, oldest first.
    public func history() async throws -> [HistoryEvent] {
        try await historyState().events
    }

    /// The highest applied version, `nil` when nothing is applied.
    public func currentVersion() async throws -> MigrationVersion? {
        try await historyState().currentVersion
    }

    /// Where every migration stands.
    public func status() async throws -> StatusReport {
        Planner.status(migrations: migrations, history: try await historyState())
    }

    /// Plans `up` without running it.
    public func planUp(_ options: Planner.UpOptions = Planner.UpOptions()) async throws -> Plan {
        try Planner.planUp(migrations: migrations, history: try await historyState(), options: options)
    }

    /// Plans `down` without running it.
    public func planDown(_ target: Planner.DownTarget, resumeFailed: Bool = false) async throws -> Plan {
        try Planner.planDown(migrations: migrations, history: try await historyState(), target: target, resumeFailed: resumeFailed)
    }

}
