import Foundation

/// Who holds, or wants, the migration lock: enough to tell runners apart and to find a
/// stale holder.
public struct LockOwner: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The host the runner runs on.
    public var host: String
    /// Its process id.
    public var process: Int32
    /// A random id, unique per run.
    public var id: String
    /// When it took the lock.
    public var since: Date?
    /// When the lock expires unless renewed.
    public var expires: Date?

    public init(host: String, process: Int32, id: String = UUID().uuidString.lowercased(), since: Date? = nil, expires: Date? = nil) {
        self.host = host
        self.process = process
        self.id = id
        self.since = since
        self.expires = expires
    }

    public var description: String { "\(host) pid \(process) (run \(id.prefix(8)))" }
}

/// How to take the lock.
public struct LockRequest: Sendable {
    public var table: HistoryTable
    public var owner: LockOwner
    /// How long to wait for another runner before giving up.
    public var timeout: Duration
    /// How long a lock lives without renewal; a holder that dies leaves it to expire.
    public var lease: Duration
    /// Called while waiting, with the current holder, so that waiting is visible.
    public var waiting: @Sendable (LockOwner) -> Void

    public init(table: HistoryTable, owner: LockOwner, timeout: Duration = .seconds(300), lease: Duration = .seconds(60),
                waiting: @escaping @Sendable (LockOwner) -> Void = { _ in }) {
        self.table = table
        self.owner = owner
        self.timeout = timeout
        self.lease = lease
        self.waiting = waiting
    }
}

extension MigrationDriver {
    /// Runs `body` directly: the default suits engines where the database itself lets one
    /// writer in at a time (DuckDB: one process holds the file).
    public func withMigrationLock<T: Sendable>(_ request: LockRequest, _ body: @Sendable () async throws -> T) async throws -> T {
        try await body()
    }

    /// No lock table, so no holder: the default for engines without one.
    public func lockHolder(_ table: HistoryTable) async throws -> LockOwner? { nil }

    /// The default for engines without a lock table: there is nothing to remove.
    public func breakLock(_ table: HistoryTable, heldBy owner: LockOwner) async throws {
        throw StrataError(.invalidArgument, "\(engine.displayName) has no migration lock to remove.",
                          remedy: engine == .duckdb ? "DuckDB's lock is the database file itself: the error that refused you names the process holding it." : nil)
    }
}
