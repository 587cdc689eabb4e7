/// What a database must do for Strata: the only place the engine does I/O.
///
/// A driver executes; it never decides what to run. The ``Migrator`` plans, then calls
/// these methods in order. The protocol lists only what differs between engines; what
/// engines differ in but can state as data is in ``capabilities``.
///
/// Conforming types: `DuckDBDriver` (StrataDuckDB), `ClickHouseDriver` (StrataClickHouse).
public protocol MigrationDriver: Sendable {
    /// Which engine this is.
    var engine: DatabaseEngine { get }
    /// What the engine can guarantee.
    var capabilities: DriverCapabilities { get }
    /// The cluster that `{cluster}` placeholders name (see ``ClusterPlaceholder``), `nil`
    /// on a single server; only read when ``capabilities`` has ``DriverCapabilities/clusterPlaceholder``.
    var cluster: String? { get }

    /// The server's or library's version, e.g. `v2.0.1` or `18.16.1`.
    func serverVersion() async throws -> String

    /// Creates the history table and its view when they are missing (the "version 0
    /// bootstrap"), and checks that an existing table is Strata's and not too new.
    func prepareHistory(_ table: HistoryTable) async throws

    /// Every history event, in any order; an empty array when the table does not exist
    /// (reading never creates it).
    func readHistory(_ table: HistoryTable) async throws -> [HistoryEvent]

    /// Appends one event.
    func append(_ event: HistoryEvent, to table: HistoryTable) async throws

    /// Appends events in order, in one write where the engine can (a migration's outcome and
    /// the next one's `started` event share one request on ClickHouse).
    func append(_ events: [HistoryEvent], to table: HistoryTable) async throws

    /// History folded into one row by the database (``HistorySummary``), or `nil` when the
    /// driver cannot; lets `ensure` answer from one small query.
    func historySummary(_ table: HistoryTable) async throws -> HistorySummary?

    /// Stores the summary of history for ``historySummary(_:)`` to return, or with `nil`
    /// marks the stored one unknown.
    ///
    /// The migrator marks it unknown before a command's first history write and stores the
    /// summary of the history it reads back after the last one. A stored summary is therefore
    /// never older than the events: a command that stops half-way leaves it unknown, and
    /// ``historySummary(_:)`` then folds the events instead. Called only on drivers whose
    /// ``capabilities`` have ``DriverCapabilities/storedSummary``; the default does nothing.
    func recordSummary(_ summary: HistorySummary?, of table: HistoryTable) async throws

    /// Splits a section into statements the way the engine will run them.
    ///
    /// - Throws: ``StrataError`` with the database's message when the script does not parse
    ///   (engines that parse before running).
    func statements(in script: String) async throws -> [SQLStatement]

    /// Checks that a section parses, before a step that cannot run in one transaction
    /// records that it started. Engines that parse a section only when they run it (DuckDB)
    /// check it here; the default does nothing.
    ///
    /// - Throws: ``StrataError`` with the database's message when the section does not parse.
    func checkParses(_ script: String) async throws

    /// Runs statements `execution.firstStatement...` of a script, in order, stopping at the
    /// first failure.
    ///
    /// With ``ScriptExecution/atomicCompletion`` set (only when ``capabilities`` has
    /// ``DriverCapabilities/transactionalDDL``), the statements and the completion event
    /// commit in one transaction, or nothing does.
    ///
    /// - Throws: ``StatementFailure`` naming the statement that failed, or another error
    ///   when the database could not be reached.
    func run(_ execution: ScriptExecution) async throws -> ScriptOutcome

    /// Runs `body` holding the migration lock, so that two runners never apply the same
    /// migration twice; waits up to `request.timeout` for another holder, reporting it
    /// through `request.waiting`.
    func withMigrationLock<T: Sendable>(_ request: LockRequest, _ body: @Sendable () async throws -> T) async throws -> T

    /// Who holds the migration lock, if anyone.
    func lockHolder(_ table: HistoryTable) async throws -> LockOwner?

    /// Removes the lock, but only if `owner` (as shown by ``lockHolder(_:)``) still holds it.
    func breakLock(_ table: HistoryTable, heldBy owner: LockOwner) async throws
}

/// What an engine can guarantee, as data.
public struct DriverCapabilities: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// DDL and the history row commit in one transaction: a migration is never half applied.
    public static let transactionalDDL = DriverCapabilities(rawValue: 1 << 0)
    /// The engine's SQL may say `ON CLUSTER {cluster}`: the migrator fills in ``MigrationDriver/cluster``
    /// before splitting a section (ClickHouse).
    public static let clusterPlaceholder = DriverCapabilities(rawValue: 1 << 1)
    /// The driver stores a ``HistorySummary`` (``MigrationDriver/recordSummary(_:of:)``), so
    /// that ``MigrationDriver/historySummary(_:)`` reads one row (DuckDB).
    public static let storedSummary = DriverCapabilities(rawValue: 1 << 2)
}

extension MigrationDriver {
    /// No cluster: the default for engines that run on one server or embedded.
    public var cluster: String? { nil }

    /// One write per event: the default.
    public func append(_ events: [HistoryEvent], to table: HistoryTable) async throws {
        for event in events { try await append(event, to: table) }
    }

    /// Nothing to check: the default for engines whose ``statements(in:)`` already parsed.
    public func checkParses(_ script: String) async throws {}
}

/// A script to run, as split by ``MigrationDriver/statements(in:)``.
public struct ScriptExecution: Sendable {
    /// The whole section.
    public var script: String
    /// Its statements.
    public var statements: [SQLStatement]
    /// The 1-based index of the first statement to run.
    public var firstStatement: Int
    /// When set, run in one transaction and append this event before committing.
    public var atomicCompletion: AtomicCompletion?
    /// When resuming a failed run at ``firstStatement``: the driver's detail recorded with
    /// that failure (``StatementFailure/details``), so that a driver can finish the failed
    /// statement rather than send it again (ClickHouse: a distributed DDL statement that timed
    /// out is still queued for the hosts that did not finish).
    public var resuming: String?

    public init(
        script: String, statements: [SQLStatement], firstStatement: Int = 1, atomicCompletion: AtomicCompletion? = nil,
        resuming: String? = nil
    ) {
        self.script = script
        self.statements = statements
        self.firstStatement = firstStatement
        self.atomicCompletion = atomicCompletion
        self.resuming = resuming
    }
}

/// The history event a transactional run commits with its statements.
public struct AtomicCompletion: Sendable {
    public var table: HistoryTable
    /// Builds the event once the statements have run, given how long they took.
    public var makeEvent: @Sendable (Duration) -> HistoryEvent

    public init(table: HistoryTable, makeEvent: @escaping @Sendable (Duration) -> HistoryEvent) {
        self.table = table
        self.makeEvent = makeEvent
    }
}

/// What a run of statements reports back.
public struct ScriptOutcome: Sendable, Hashable {
    /// How long the statements took.
    public var duration: Duration
    /// Engine-specific detail worth recording (JSON), e.g. per-host results on a cluster.
    public var details: String?

    public init(duration: Duration, details: String? = nil) {
        self.duration = duration
        self.details = details
    }
}

/// A statement failed; the statements before it ran (or, in a transaction, rolled back).
public struct StatementFailure: Error, Sendable, Hashable {
    /// 1-based index of the failed statement in its section.
    public var index: Int
    /// The statement's text, when the driver knows it.
    public var text: String?
    /// The 1-based line within the section where the statement starts, when known.
    public var line: Int?
    /// The database's message, whole.
    public var message: String
    /// Engine-specific detail (JSON), e.g. which hosts failed.
    public var details: String?
    /// Whether the engine rolled back everything the run did (a transactional run).
    public var rolledBack: Bool

    public init(index: Int, text: String?, line: Int?, message: String, details: String? = nil, rolledBack: Bool) {
        self.index = index
        self.text = text
        self.line = line
        self.message = message
        self.details = details
        self.rolledBack = rolledBack
    }
}
