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
    /// This runner, as the migration lock knows it.
    public var lockOwner: LockOwner
    /// How long to wait for another runner's lock before giving up.
    public var lockTimeout: Duration
    /// How long this runner's lock lives without renewal (it is renewed while held); a
    /// runner that dies leaves a lock that expires after this long.
    public var lockLease: Duration
    /// Called while waiting for another runner's lock.
    public var lockWaiting: @Sendable (LockOwner) -> Void
    /// Asked before each migration whether the run should stop there (``StopSignal``);
    /// `nil` runs to the end of the plan.
    public var stopSignal: StopSignal?

    public init(
        historyTable: HistoryTable = .default, actor: String = "strata", toolVersion: String = StrataVersion.current,
        clock: @escaping @Sendable () -> Date = { Date() },
        lockOwner: LockOwner = LockOwner(host: ProcessInfo.processInfo.hostName, process: ProcessInfo.processInfo.processIdentifier),
        lockTimeout: Duration = .seconds(300), lockLease: Duration = .seconds(60),
        lockWaiting: @escaping @Sendable (LockOwner) -> Void = { _ in }, stopSignal: StopSignal? = nil
    ) {
        self.historyTable = historyTable
        self.actor = actor
        self.toolVersion = toolVersion
        self.clock = clock
        self.lockOwner = lockOwner
        self.lockTimeout = lockTimeout
        self.lockLease = lockLease
        self.lockWaiting = lockWaiting
        self.stopSignal = stopSignal
    }

    var lockRequest: LockRequest {
        LockRequest(table: historyTable, owner: lockOwner, timeout: lockTimeout, lease: lockLease, waiting: lockWaiting)
    }
}
