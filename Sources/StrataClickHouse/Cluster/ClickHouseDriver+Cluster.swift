import Foundation
import Strata

/// An `ON CLUSTER` statement that did not finish everywhere: the server's message and what
/// each host did.
struct DistributedDDLFailure: Error, Sendable {
    var outcome: DistributedDDLOutcome
    /// The server's message, whole.
    var message: String
    /// Strata's own account, when the failure was found without a server error (a resumed
    /// statement whose queued task has not finished); it replaces ``explained``.
    var account: String?

    /// The server's message, then which hosts failed or did not finish and what that means.
    var explained: String {
        if let account { return account }
        var text = message.isEmpty ? "The statement did not finish on every host of the cluster." : message
        text += " On the cluster: \(outcome.summary)."
        if !outcome.unfinishedHosts.isEmpty || (outcome.remaining ?? 0) > 0 {
            text += " The statement stays queued for the hosts that did not finish, and they run it when they are back;"
                + " then `strata up --resume` checks that it ran everywhere and goes on without sending it again."
        }
        return text
    }
}

extension ClickHouseDriver {
    /// The cluster that `{cluster}` names: the configured one, `nil` on a single server.
    public var cluster: String? { configuration.cluster }

    var topology: ClickHouseTopology { ClickHouseTopology(configuration) }

    /// How long Strata itself waits for other nodes (a replica catching up, a queued
    /// statement finishing): the DDL timeout, or ClickHouse's own default of 180 seconds.
    var ddlWait: Duration { configuration.ddlTimeout ?? .seconds(180) }

    /// Runs one `ON CLUSTER` statement and reads what each host did.
    ///
    /// - Throws: ``DistributedDDLFailure`` when a host failed or did not finish in time
    ///   (for a timeout, the hosts are read from the task in ZooKeeper when the server names
    ///   it); ``ClickHouseServerError`` when the statement was refused as a whole.
    func runOnCluster(_ sql: String) async throws -> DistributedDDLOutcome {
        let settings = try await clickHouseVersion().hasDistributedDDLOutputMode
            ? ["distributed_ddl_output_mode": "null_status_on_timeout"] : [:]
        do {
            let rows = try await client.query(sql, settings: settings)
            guard let outcome = DistributedDDLOutcome(rows: rows) else { return DistributedDDLOutcome(hosts: []) }
            guard outcome.isComplete else { throw DistributedDDLFailure(outcome: outcome, message: "") }
            return outcome
        } catch let error as ClickHouseServerError {
            if let timedOut = DistributedDDLOutcome.timedOutTask(in: error.message) {
                var outcome = (try? await distributedTask(timedOut.task))
                    ?? DistributedDDLOutcome(task: timedOut.task, hosts: [], remaining: timedOut.remaining)
                if outcome.unfinishedHosts.isEmpty, outcome.remaining == 0 { outcome.remaining = timedOut.remaining }
                throw DistributedDDLFailure(outcome: outcome, message: error.message)
            }
            if let host = DistributedDDLOutcome.hostError(in: error.message) {
                throw DistributedDDLFailure(outcome: DistributedDDLOutcome(hosts: [host]), message: error.message)
            }
            throw error
        }
    }

    /// A distributed DDL task as ZooKeeper has it: every host it is for, and each one's status.
    func distributedTask(_ task: String) async throws -> DistributedDDLOutcome {
        guard let slash = task.lastIndex(of: "/"), slash != task.startIndex else {
            return DistributedDDLOutcome(task: task, hosts: [])
        }
        let parent = String(task[..<slash]), name = String(task[task.index(after: slash)...])
        let entry = try await client.query(
            "SELECT value FROM system.zookeeper WHERE path = \(ClickHouseLiteral.string(parent)) AND name = \(ClickHouseLiteral.string(name))")
        let finished = try await client.query(
            "SELECT name, value FROM system.zookeeper WHERE path = \(ClickHouseLiteral.string(task + "/finished"))")
        let children = finished.rows.compactMap { row -> (name: String, value: String)? in
            guard row.count == 2, let name = row[0].string else { return nil }
            return (name, row[1].string ?? "")
        }
        return DistributedDDLOutcome(task: task, entry: entry.scalar?.string ?? "", finished: children)
    }

    /// Runs Strata's own `ON CLUSTER` DDL, turning a host's failure into an error that names it.
    func executeOwnDDL(_ sql: String, while action: String) async throws {
        guard topology.clusterName != nil else {
            try await mapErrors(while: action) { try await client.execute(sql) }
            return
        }
        do {
            _ = try await mapErrors(while: action) { try await runOnCluster(sql) }
        } catch let failure as DistributedDDLFailure {
            throw StrataError(
                .databaseError,
                "The cluster \(topology.clusterName ?? "") did not finish \(action): \(failure.outcome.summary).",
                remedy: failure.outcome.unfinishedHosts.isEmpty
                    ? "Fix the cause on the hosts named (their messages are below), then run the command again."
                    : "Start the hosts that did not finish (they run the statement when they are back), or raise --ddl-timeout, then run the command again.",
                underlying: failure.message.isEmpty ? nil : failure.message)
        }
    }

    /// Checks that the server knows the configured cluster (once per driver).
    func checkCluster() async throws {
        guard let name = topology.clusterName, !clusterChecked.withLockedValue({ $0 }) else { return }
        let rows = try await mapErrors(while: "looking up the cluster \(name)") {
            try await client.query("SELECT DISTINCT cluster FROM system.clusters ORDER BY cluster")
        }
        let known = rows.rows.compactMap { $0.first?.string }
        guard known.contains(name) else {
            throw StrataError(
                .invalidArgument,
                "ClickHouse at \(configuration.endpoint) has no cluster named '\(name)' in its <remote_servers>.",
                remedy: known.isEmpty ? "Configure the cluster on every node, or leave out ?cluster= for a single server."
                    : "Use one of: \(known.joined(separator: ", ")); or leave out ?cluster= for a single server.")
        }
        clusterChecked.withLockedValue { $0 = true }
    }

    /// Waits until this node's replica of `table` has every insert the other replicas
    /// acknowledged (see ``ReplicaCatchUp``); returns at once for a table that is not
    /// replicated or does not exist. Waits up to the DDL timeout (``ddlWait``).
    func catchUp(_ table: String) async throws {
        let database = configuration.database
        let limit = ddlWait
        let clock = ContinuousClock()
        let start = clock.now
        var pause = Duration.milliseconds(20)
        try await mapErrors(while: "checking that the replica of \(database).\(table) has caught up") {
            let paths = try await client.query(ReplicaCatchUp.paths(database: database, table: table)).rows.first
            guard let paths, paths.count == 2, let zooKeeperPath = paths[0].string, let replicaPath = paths[1].string else { return }
            while true {
                let log = try await client.query(ReplicaCatchUp.log(zooKeeperPath: zooKeeperPath, replicaPath: replicaPath)).rows.first ?? []
                if log.count == 3, ReplicaCatchUp.hasQueuedWholeLog(entries: log[0].int64 ?? 0, highest: log[1].int64 ?? 0, pointer: log[2].int64 ?? 0),
                   try await client.query(ReplicaCatchUp.pendingFetches(replicaPath: replicaPath)).scalar?.int64 == 0 {
                    return
                }
                guard clock.now - start < limit else {
                    throw StrataError(
                        .databaseUnavailable,
                        "The replica of \(database).\(table) on ClickHouse at \(configuration.endpoint) has not caught up with the other nodes within \(Int(limit.components.seconds)) s, so it may not show what was written through them.",
                        remedy: "Check that the other nodes and ZooKeeper are up (system.replicas shows the queue), then try again; or read through another node, or wait longer with --ddl-timeout.")
                }
                logger.debug("waiting for the replica to catch up", metadata: ["table": "\(database).\(table)"])
                try await Task.sleep(for: pause)
                pause = min(pause * 2, .milliseconds(250))
            }
        }
    }
}
