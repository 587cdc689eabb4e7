import Logging
import NIOConcurrencyHelpers
import Strata

/// Strata's driver for ClickHouse, over its HTTP interface.
///
/// ClickHouse has no transactions, so a migration cannot be all-or-nothing. The
/// ``Migrator`` records a `started` event before a migration's first statement and its
/// outcome after; this driver sends the statements one per request, in order, and stops
/// at the first failure, reporting its index and the server's message so that history
/// says exactly how far the migration got.
///
/// ```swift
/// let configuration = try ClickHouseConfiguration(url: "clickhouse://deploy@ch1:8123/analytics", password: secret)
/// try await ClickHouseDriver.withDriver(configuration: configuration, logger: logger) { driver in
///     let migrator = Migrator(driver: driver, migrations: migrations, logger: logger)
///     try await migrator.migrate()
/// }
/// ```
public final class ClickHouseDriver: MigrationDriver {
    public let engine = DatabaseEngine.clickhouse
    /// No transactional DDL; `ON CLUSTER {cluster}` placeholders (see ``cluster``).
    public let capabilities: DriverCapabilities = [.clusterPlaceholder]
    /// The client the driver sends through; an application may share it.
    public let client: ClickHouseClient
    let logger: Logger
    private let version = NIOLockedValueBox<ClickHouseServerVersion?>(nil)
    /// Whether the configured cluster was found in `system.clusters`.
    let clusterChecked = NIOLockedValueBox(false)
    /// The migration lock this driver holds, while it holds it.
    let heldLock = NIOLockedValueBox<HeldLock?>(nil)

    /// Uses a client that is already open.
    public init(client: ClickHouseClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Opens a client for the duration of `body`.
    ///
    /// - Parameters:
    ///   - configuration: the server, credentials and database.
    ///   - logger: routine steps are logged at debug level.
    ///   - body: the work to do with the driver.
    /// - Throws: what ``ClickHouseClient/withClient(configuration:logger:isolation:_:)`` and `body` throw.
    public static func withDriver<T>(
        configuration: ClickHouseConfiguration, logger: Logger, isolation: isolated (any Actor)? = #isolation,
        _ body: (ClickHouseDriver) async throws -> T
    ) async throws -> T {
        try await ClickHouseClient.withClient(configuration: configuration, logger: logger) { client in
            try await body(ClickHouseDriver(client: client, logger: logger))
        }
    }

    var configuration: ClickHouseConfiguration { client.configuration }

    /// The server's version, e.g. `18.16.1`; asked once, then remembered.
    public func serverVersion() async throws -> String {
        try await clickHouseVersion().description
    }

    /// The server's version as a value, to adapt to it; asked once, then remembered.
    public func clickHouseVersion() async throws -> ClickHouseServerVersion {
        if let known = version.withLockedValue({ $0 }) { return known }
        let asked = try await mapErrors(while: "asking the server's version") { try await client.serverVersion() }
        version.withLockedValue { $0 = asked }
        return asked
    }

    /// Splits a section the way this server's release reads it (``ClickHouseScriptSplit``):
    /// ClickHouse takes one statement per request.
    ///
    /// - Throws: ``StrataError/Code/invalidMigrationFile`` when the section ends inside a
    ///   string, quoted name, comment or heredoc, or when another release would cut it
    ///   differently, naming the lines (within the section).
    public func statements(in script: String) async throws -> [SQLStatement] {
        try ClickHouseScriptSplit.statements(in: script, version: try await clickHouseVersion())
    }

    /// Sends statements `firstStatement...` one per request, stopping at the first failure.
    ///
    /// A statement with `ON CLUSTER` is read back host by host (``DistributedDDLOutcome``):
    /// it counts as done only when every host finished it, and the outcome is returned in
    /// ``ScriptOutcome/details`` (or ``StatementFailure/details``) for history. When resuming a
    /// statement that timed out on some hosts, the driver does not send it again: it checks
    /// that the queued statement has since run on every host, and goes on.
    ///
    /// - Throws: ``StatementFailure`` with the index, text, line and the server's message
    ///   (which starts with its `Code: N`), naming the hosts that failed or did not finish;
    ///   statements before it stay applied. When the server cannot be reached,
    ///   ``StrataError`` saying which statement was under way.
    public func run(_ execution: ScriptExecution) async throws -> ScriptOutcome {
        guard execution.atomicCompletion == nil else {
            throw StrataError(.invalidArgument, "ClickHouse cannot run a migration and its history row in one transaction.",
                              remedy: "This is a bug in the caller: check the driver's capabilities before asking for an atomic run.")
        }
        try checkLockHeld()
        let clock = ContinuousClock()
        let start = clock.now
        let total = execution.statements.count
        var details = ClusterRunDetails()
        let resumed = ClusterRunDetails(json: execution.resuming)
        for index in stride(from: max(execution.firstStatement, 1), through: total, by: 1) {
            let statement = execution.statements[index - 1]
            logger.debug("running statement", metadata: ["statement": "\(index)", "of": "\(total)", "line": "\(statement.startLine)"])
            do {
                if index == execution.firstStatement, let queued = resumed?.queuedFailure(index: index, text: statement.text) {
                    details.onCluster.append(try await finishQueued(queued, statement: statement))
                } else if ClusterPlaceholder.targetsCluster(statement.text) {
                    let outcome = try await runOnCluster(statement.text)
                    details.onCluster.append(ClusterRunDetails.Statement(statement: index, text: statement.text, outcome: outcome))
                } else {
                    try await client.execute(statement.text)
                }
            } catch let failure as DistributedDDLFailure {
                var failed = details
                failed.failed = ClusterRunDetails.Statement(statement: index, text: statement.text, outcome: failure.outcome)
                let code = ClickHouseServerError.code(in: failure.message)
                let message = code.map { failure.message.hasPrefix("Code: ") ? failure.explained : "Code: \($0). \(failure.explained)" }
                throw StatementFailure(index: index, text: statement.text, line: statement.startLine,
                                       message: message ?? failure.explained, details: failed.json, rolledBack: false)
            } catch let error as ClickHouseServerError {
                let coded = error.code.map { error.message.contains("Code: \($0)") ? error.message : "Code: \($0). \(error.message)" }
                throw StatementFailure(index: index, text: statement.text, line: statement.startLine,
                                       message: coded ?? error.message, details: details.json, rolledBack: false)
            } catch var error as StrataError where error.code == .databaseUnavailable {
                let done = index - execution.firstStatement
                let before = done <= 0 ? "" : done == 1 ? " Statement \(index - 1) completed." : " Statements \(execution.firstStatement)-\(index - 1) completed."
                error.message = "Statement \(index) of \(total) did not complete: \(error.message)\(before)"
                error.statement = StatementContext(index: index, text: statement.text)
                throw error
            }
        }
        return ScriptOutcome(duration: clock.now - start, details: details.json)
    }

    /// Finishes a statement whose earlier run timed out on some hosts: it is still queued
    /// for them, so it is not sent again; it counts as done once every host has run it.
    /// Waits for that up to the DDL timeout (a host that just came back runs its queue
    /// within moments).
    ///
    /// - Throws: ``DistributedDDLFailure`` when a host failed it, or has not run it in time.
    private func finishQueued(_ queued: ClusterRunDetails.Statement, statement: SQLStatement) async throws -> ClusterRunDetails.Statement {
        guard let task = queued.task else { throw DistributedDDLFailure(outcome: queued.outcome, message: "") }
        let clock = ContinuousClock()
        let start = clock.now
        var pause = Duration.milliseconds(100)
        while true {
            let outcome: DistributedDDLOutcome
            do {
                outcome = try await distributedTask(task)
            } catch let error as ClickHouseServerError {
                throw DistributedDDLFailure(
                    outcome: queued.outcome, message: error.message,
                    account: "Strata cannot read the queued statement's task \(task) to check that every host ran it: \(error.message) Check the hosts by hand, then run `strata repair --resolved` (it ran everywhere) or `strata repair --rolled-back` (you undid it).")
            }
            if outcome.isComplete {
                logger.debug("queued distributed statement finished on every host", metadata: ["task": "\(task)"])
                return ClusterRunDetails.Statement(statement: statement.index, text: statement.text, outcome: outcome, completedByQueuedTask: true)
            }
            if !outcome.failedHosts.isEmpty || clock.now - start >= ddlWait {
                let waiting = outcome.failedHosts.isEmpty
                    ? " Start the hosts that have not run it (they run it when they are back), then run `strata up --resume` again."
                    : " Fix it by hand on the hosts where it failed, then run `strata repair --resolved` (or `--rolled-back` if you undid it); or change the statement so that it can run again and resume."
                throw DistributedDDLFailure(
                    outcome: outcome, message: "",
                    account: "The statement was queued for every host of the cluster (task \(task)) when it timed out, and was not sent again: \(outcome.summary).\(waiting)")
            }
            try await Task.sleep(for: pause)
            pause = min(pause * 2, .seconds(1))
        }
    }

    /// Runs a client call, turning the server's refusals into ``StrataError`` with a remedy.
    func mapErrors<T>(while action: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ClickHouseServerError {
            throw error.strataError(configuration, while: action)
        }
    }
}
