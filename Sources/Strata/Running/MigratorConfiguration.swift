import Foundation

/// Settings of a ``Migrator``. The library reads no environment: the caller says who runs
/// it and which table holds history.
public struct MigratorConfiguration: Sendable {
    /// The history table (default `schema_migrations`).
    public var historyTable: HistoryTable
    /// Who runs the migrations, recorded in history, e.g. `deploy@build-7`.
    public var actor: String
    /// Recorded in every history row.
    public var toolVersion: String
    /// The wall clock for history timestamps; tests pass a fixed one.
    public var clock: @Sendable () -> Date

    public init(
        historyTable: HistoryTable = .default, actor: String = "strata", toolVersion: String = StrataVersion.current,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.historyTable = historyTable
        self.actor = actor
        self.toolVersion = toolVersion
        self.clock = clock
    }
}
