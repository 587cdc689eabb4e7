import Foundation
import Strata

/// The lock a driver holds, while it holds it.
struct HeldLock: Sendable {
    var owner: LockOwner
    var token: String
    /// Set when the lock was found taken away (its lease expired and another runner removed it).
    var lost: StrataError?
}

/// The lock as a runner sees it: the claim's token and who holds it, with times on the local clock.
struct ObservedLock: Sendable {
    var token: String
    var holder: LockOwner
}

extension ClickHouseDriver {
    /// Runs `body` holding the migration lock (see ``ClickHouseLockSQL`` for how it works on a
    /// server and on a cluster), renewing its lease every third of `request.lease` while
    /// `body` runs, and releasing it afterwards, also when `body` throws.
    ///
    /// Waits up to `request.timeout` for another holder, calling `request.waiting` once for
    /// each holder it waits for; a holder whose lease expired is removed. Statements and
    /// history writes stop with an error if the lock is found taken away.
    ///
    /// - Throws: ``StrataError/Code/databaseLocked`` naming the holder when the wait times
    ///   out; what `body` throws.
    public func withMigrationLock<T: Sendable>(_ request: LockRequest, _ body: @Sendable () async throws -> T) async throws -> T {
        guard heldLock.withLockedValue({ $0 == nil }) else {
            throw StrataError(.invalidArgument, "This driver already holds the migration lock.",
                              remedy: "This is a bug in the caller: take the lock once per run.")
        }
        try await prepareLock(request.table)
        let token = ClickHouseLockSQL.token(for: request.owner.id)
        try await acquire(request, token: token)
        let renewal = Task { [self] in await renew(request, token: token) }
        let result: T
        do {
            result = try await body()
        } catch {
            renewal.cancel()
            _ = await renewal.value
            try? await Task { [self] in try await release(request, token: token) }.value
            throw error
        }
        renewal.cancel()
        _ = await renewal.value
        try await Task { [self] in try await release(request, token: token) }.value
        return result
    }

    /// Who holds the migration lock, if anyone, with `since` and `expires` on this machine's
    /// clock (the server's times shifted by the difference between the two clocks).
    public func lockHolder(_ table: HistoryTable) async throws -> LockOwner? {
        try await observeLock(table, lease: .seconds(60))?.holder
    }

    /// Removes the lock, but only if `owner` still holds it: on a cluster by dropping that
    /// owner's claim table `ON CLUSTER`; on a server by moving the claim aside, checking
    /// it, and dropping it only if it is that owner's.
    ///
    /// - Throws: ``StrataError`` when another runner holds the lock now, or when a node that
    ///   has the claim did not answer.
    public func breakLock(_ table: HistoryTable, heldBy owner: LockOwner) async throws {
        guard let observed = try await observeLock(table, lease: .seconds(60)) else { return }
        guard observed.holder.id == owner.id else {
            throw StrataError(.invalidArgument,
                              "The migration lock is now held by \(observed.holder.host) pid \(observed.holder.process) (run \(observed.holder.id)), not by run \(owner.id); nothing was removed.",
                              remedy: "Look again with `strata unlock`.")
        }
        logger.debug("removing a migration lock", metadata: ["run": "\(owner.id)"])
        let database = configuration.database
        if let cluster = topology.clusterName {
            do {
                _ = try await mapErrors(while: "removing the migration lock of run \(owner.id)") {
                    try await runOnCluster(ClickHouseLockSQL.dropClusterClaim(table, database: database, token: observed.token, cluster: cluster))
                }
            } catch let failure as DistributedDDLFailure {
                throw StrataError(
                    .databaseUnavailable,
                    "The migration lock of run \(owner.id) could not be removed everywhere: \(failure.outcome.summary).",
                    remedy: "Its claim lives on the node the run used; when that node is back it drops the claim (the statement is queued). Until then the lock stays held.",
                    underlying: failure.message.isEmpty ? nil : failure.message)
            }
            if let still = try await observeLock(table, lease: .seconds(60)), still.token == observed.token {
                let path = ClickHouseLockSQL.claimPath(table, database: database) + "/replicas/" + ClickHouseLockSQL.holderReplica
                throw StrataError(
                    .databaseError,
                    "No node has the claim table of run \(owner.id) any more, but ZooKeeper still has its replica at \(path).",
                    remedy: "Remove that ZooKeeper node: on ClickHouse 20.3 and later, SYSTEM DROP REPLICA '\(ClickHouseLockSQL.holderReplica)' FROM ZKPATH '\(ClickHouseLockSQL.claimPath(table, database: database))'; on older servers, zkCli.sh deleteall \(path).")
            }
        } else {
            guard try await moveAsideServerClaim(table, expecting: observed.token) else {
                throw StrataError(.invalidArgument, "The migration lock changed hands while it was being removed; nothing was removed.",
                                  remedy: "Look again with `strata unlock`.")
            }
        }
        try? await recordLease(table, token: observed.token, owner: owner, event: .broken, lease: .zero,
                               note: "removed by \(ProcessInfo.processInfo.hostName) pid \(ProcessInfo.processInfo.processIdentifier)")
    }

    /// Throws when this driver holds the lock but it was taken away.
    func checkLockHeld() throws {
        if let lost = heldLock.withLockedValue({ $0?.lost }) { throw lost }
    }

    // MARK: - Taking and releasing

    /// Creates the lease table (and on a cluster the anchor) when missing.
    private func prepareLock(_ table: HistoryTable) async throws {
        let database = configuration.database
        let existing = try await mapErrors(while: "looking for the migration lock's tables") {
            Set(try await client.query(ClickHouseLockSQL.existingTables(table, database: database)).rows.compactMap { $0.first?.string })
        }
        if !existing.contains(ClickHouseLockSQL.leaseTable(table)) {
            try await executeOwnDDL(ClickHouseLockSQL.createLeaseTable(table, database: database, topology: topology),
                                    while: "creating the lock table \(database).\(ClickHouseLockSQL.leaseTable(table))")
        }
        if let cluster = topology.clusterName, !existing.contains(ClickHouseLockSQL.anchorTable(table)) {
            try await executeOwnDDL(ClickHouseLockSQL.createAnchor(table, database: database, cluster: cluster),
                                    while: "creating the lock anchor \(database).\(ClickHouseLockSQL.anchorTable(table))")
        }
    }

    private func acquire(_ request: LockRequest, token: String) async throws {
        var wait = LockWait(request: request)
        let clock = ContinuousClock()
        let start = clock.now
        var attempt = 0
        var refusedWhileFree = 0
        var lastRefusal: ClickHouseServerError?
        while true {
            let observed = try await observeLock(request.table, lease: request.lease)
            if observed != nil { refusedWhileFree = 0 }
            switch wait.next(holder: observed?.holder, now: Date(), waited: clock.now - start) {
            case .claim:
                if let lastRefusal, refusedWhileFree >= 3 {
                    throw lastRefusal.strataError(configuration, while: "taking the migration lock")
                }
                do {
                    try await createClaim(request, token: token)
                } catch let error as ClickHouseServerError {
                    // Usually another runner was faster; look again. A refusal that repeats while
                    // nobody holds the lock is a real error.
                    logger.debug("migration lock claim refused", metadata: ["code": "\(error.code ?? 0)"])
                    lastRefusal = error
                    refusedWhileFree += 1
                    try await Task.sleep(for: LockWait.pause(attempt: 0, jitter: .random(in: 0...1)))
                    continue
                }
                try await holdClaim(request, token: token)
                return
            case .acquired:
                try await holdClaim(request, token: token)
                return
            case .wait(let holder, let announce):
                if announce { request.waiting(holder) }
                try await Task.sleep(for: LockWait.pause(attempt: attempt, jitter: .random(in: 0...1)))
                attempt += 1
            case .breakExpired(let holder):
                logger.debug("migration lock expired", metadata: ["run": "\(holder.id)"])
                do {
                    try await breakLock(request.table, heldBy: holder)
                } catch let error as StrataError {
                    logger.debug("could not remove an expired migration lock", metadata: ["error": "\(error.message)"])
                    try await Task.sleep(for: LockWait.pause(attempt: attempt, jitter: .random(in: 0...1)))
                    attempt += 1
                }
            case .giveUp(let error):
                throw error
            }
        }
    }

    private func createClaim(_ request: LockRequest, token: String) async throws {
        let database = configuration.database
        if topology.clusterName != nil {
            try await client.execute(ClickHouseLockSQL.createClusterClaim(request.table, database: database, token: token))
        } else {
            try await client.execute(ClickHouseLockSQL.createServerClaim(request.table, database: database, token: token, runID: request.owner.id))
        }
    }

    /// Records the lease of a claim just made, and remembers it; gives the claim back if the
    /// lease cannot be written.
    private func holdClaim(_ request: LockRequest, token: String) async throws {
        do {
            try await recordLease(request.table, token: token, owner: request.owner, event: .acquired, lease: request.lease)
        } catch {
            try? await removeOwnClaim(request.table, token: token)
            throw error
        }
        heldLock.withLockedValue { $0 = HeldLock(owner: request.owner, token: token) }
        logger.debug("took the migration lock", metadata: ["run": "\(request.owner.id)"])
    }

    /// Renews the lease every third of its length until cancelled; stops and marks the lock
    /// lost when the claim is no longer this runner's.
    private func renew(_ request: LockRequest, token: String) async {
        let interval = max(request.lease / 3, .milliseconds(200))
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
            do {
                let observed = try await observeLock(request.table, lease: request.lease)
                guard observed?.token == token else {
                    let by = observed.map { " It is now held by \($0.holder.host) pid \($0.holder.process) (run \($0.holder.id))." } ?? ""
                    let lost = StrataError(
                        .databaseLocked,
                        "This run lost the migration lock: its lease was not renewed in time, and another runner removed it.\(by) Strata stopped before the next statement.",
                        remedy: "Check `strata status`: a migration shown as interrupted needs `strata repair`. Then run the command again; use a longer lease (--lock-lease) if the database is slow to answer.")
                    heldLock.withLockedValue { $0?.lost = lost }
                    return
                }
                try await recordLease(request.table, token: token, owner: request.owner, event: .renewed, lease: request.lease)
            } catch {
                logger.debug("could not renew the migration lock", metadata: ["error": "\(error)"])
            }
        }
    }

    private func release(_ request: LockRequest, token: String) async throws {
        let held = heldLock.withLockedValue { held -> HeldLock? in
            defer { held = nil }
            return held
        }
        guard let held, held.lost == nil else { return }
        try await removeOwnClaim(request.table, token: token)
        try? await recordLease(request.table, token: token, owner: request.owner, event: .released, lease: .zero)
        logger.debug("released the migration lock", metadata: ["run": "\(request.owner.id)"])
    }

    /// Drops this runner's own claim: on a cluster the table on this node (or wherever it is,
    /// through a load balancer); on a server after checking that the claim is still this runner's.
    private func removeOwnClaim(_ table: HistoryTable, token: String) async throws {
        let database = configuration.database
        try await mapErrors(while: "releasing the migration lock") {
            if let cluster = topology.clusterName {
                let name = ClickHouseLockSQL.clusterClaim(table, token: token)
                let here = try await client.query(ClickHouseLockSQL.tableExists(name, database: database)).scalar?.int64 ?? 0
                if here > 0 {
                    try await client.execute(ClickHouseLockSQL.dropClusterClaim(table, database: database, token: token, cluster: nil))
                } else {
                    _ = try await runOnCluster(ClickHouseLockSQL.dropClusterClaim(table, database: database, token: token, cluster: cluster))
                }
            } else {
                _ = try await moveAsideServerClaim(table, expecting: token)
            }
        }
    }

    /// Removes the single-server claim if it holds `token`: renames it aside (only one
    /// runner can), reads it, drops it if it is the expected one, or puts it back.
    ///
    /// - Returns: whether the expected claim was removed (`true` also when none was there).
    private func moveAsideServerClaim(_ table: HistoryTable, expecting token: String) async throws -> Bool {
        let database = configuration.database
        let claim = ClickHouseLockSQL.serverClaim(table)
        let moved = ClickHouseLockSQL.movedClaim(table, token: ClickHouseLockSQL.token(for: UUID().uuidString))
        do {
            try await client.execute(ClickHouseLockSQL.rename(claim, to: moved, database: database))
        } catch let error as ClickHouseServerError where error.isUnknownTable {
            return true
        }
        let found = try await client.query(ClickHouseLockSQL.readMovedClaim(moved, database: database)).scalar?.string
        if found == token {
            try await client.execute(ClickHouseLockSQL.dropServerClaim(moved, database: database))
            return true
        }
        do {
            try await client.execute(ClickHouseLockSQL.rename(moved, to: claim, database: database))
        } catch let error as ClickHouseServerError {
            // A third runner claimed the lock in between; the claim moved aside is gone for good.
            logger.debug("could not put a migration lock claim back", metadata: ["error": "\(error.message)"])
            try? await client.execute(ClickHouseLockSQL.dropServerClaim(moved, database: database))
        }
        return false
    }

    private func recordLease(
        _ table: HistoryTable, token: String, owner: LockOwner, event: ClickHouseLockSQL.LeaseEvent, lease: Duration, note: String? = nil
    ) async throws {
        let sequence = Int64((Date().timeIntervalSince1970 * 1_000_000).rounded(.down))
        try await mapErrors(while: "recording the migration lock's lease") {
            try await client.execute(ClickHouseLockSQL.insertLease(table, database: configuration.database, token: token, owner: owner,
                                                                   event: event, lease: lease, sequence: sequence, note: note))
        }
    }

    // MARK: - Looking

    /// The claim and its lease, or `nil` when nobody holds the lock (or the lock was never set up).
    func observeLock(_ table: HistoryTable, lease: Duration) async throws -> ObservedLock? {
        try await mapErrors(while: "looking at the migration lock") { try await readLock(table, lease: lease) }
    }

    private func readLock(_ table: HistoryTable, lease: Duration) async throws -> ObservedLock? {
        let database = configuration.database
        struct Claim {
            var token: String
            var runID: String?
            var host: String?
            var since: Int64?
        }
        let claim: Claim
        var serverNow: Int64?
        if topology.clusterName != nil {
            let rows: ClickHouseRows
            do {
                rows = try await client.query(ClickHouseLockSQL.readClusterClaim(table, database: database))
            } catch let error as ClickHouseServerError where error.code == 999 || error.message.contains("No node") {
                return nil
            }
            guard let hostRow = rows.rows.first(where: { $0.first?.string == "host" }), hostRow.count == 4,
                  let claimTable = ClickHouseLockSQL.parseReplicaHost(hostRow[1].string ?? "").table,
                  claimTable.hasPrefix(ClickHouseLockSQL.clusterClaim(table, token: "")) else {
                // The replica is being created or removed right now, or is not a claim Strata made:
                // nobody else can claim the lock while it is there.
                guard rows.rows.first != nil else { return nil }
                return ObservedLock(token: "", holder: LockOwner(host: "unknown", process: 0, id: "unknown"))
            }
            let address = ClickHouseLockSQL.parseReplicaHost(hostRow[1].string ?? "")
            claim = Claim(token: String(claimTable.dropFirst(ClickHouseLockSQL.clusterClaim(table, token: "").count)), runID: nil,
                          host: address.host.map { host in address.port.map { "\(host):\($0)" } ?? host }, since: hostRow[2].int64)
            serverNow = hostRow[3].int64
            try await catchUp(ClickHouseLockSQL.leaseTable(table))
        } else {
            let rows: ClickHouseRows
            do {
                rows = try await client.query(ClickHouseLockSQL.readServerClaim(table, database: database))
            } catch let error as ClickHouseServerError where error.isUnknownTable {
                return nil
            }
            guard let row = rows.rows.first, row.count == 4, let token = row[0].string else { return nil }
            claim = Claim(token: token, runID: row[1].string, host: nil, since: row[2].int64)
            serverNow = row[3].int64
        }
        let leaseRow = try await mapErrors(while: "reading the migration lock's lease") { () async throws -> [ClickHouseValue]? in
            do {
                return try await client.query(ClickHouseLockSQL.readLease(table, database: database, token: claim.token)).rows.first
            } catch let error as ClickHouseServerError where error.isUnknownTable {
                return nil
            }
        }
        let localNow = Date()
        var holder: LockOwner
        if let row = leaseRow, row.count == 8, (row[6].int64 ?? 0) > 0 {
            serverNow = row[7].int64 ?? serverNow
            let offset = localNow.timeIntervalSince1970 - Double(serverNow ?? Int64(localNow.timeIntervalSince1970))
            func local(_ seconds: Int64?) -> Date? {
                guard let seconds, seconds > 0 else { return nil }
                return Date(timeIntervalSince1970: Double(seconds) + offset)
            }
            holder = LockOwner(host: row[1].string ?? "unknown", process: Int32(clamping: row[2].int64 ?? 0),
                               id: row[0].string ?? claim.runID ?? claim.token, since: local(row[3].int64), expires: local(row[4].int64))
            if row[5].string == ClickHouseLockSQL.LeaseEvent.released.rawValue || row[5].string == ClickHouseLockSQL.LeaseEvent.broken.rawValue {
                // Released or removed, but the claim is still there (its holder died in between): it expires now.
                holder.expires = local(row[7].int64)
            }
        } else {
            // The holder made its claim but never wrote its lease (it died in between): the
            // claim lives one lease from when it was made.
            let offset = localNow.timeIntervalSince1970 - Double(serverNow ?? Int64(localNow.timeIntervalSince1970))
            let since = claim.since.map { Date(timeIntervalSince1970: Double($0) + offset) }
            holder = LockOwner(host: claim.host ?? "unknown", process: 0, id: claim.runID ?? claim.token, since: since,
                               expires: since.map { $0 + Double(lease.components.seconds) })
        }
        return ObservedLock(token: claim.token, holder: holder)
    }
}
