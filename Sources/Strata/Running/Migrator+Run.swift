import Foundation
import Logging

extension Migrator {
    /// Runs a plan made by ``planUp(_:)`` or ``planDown(_:)``.
    ///
    /// Each step runs in one transaction with its history row when the engine allows it
    /// (DuckDB, unless the section says `transaction:false`); otherwise a "started" event is
    /// written first and the outcome after, so history always says how far a run got.
    ///
    /// - Parameters:
    ///   - plan: the plan to run; refused if history changed since it was made.
    ///   - progress: called as each step starts and finishes.
    /// - Throws: ``StrataError`` naming the file, line and statement that failed; steps
    ///   before it stay applied.
    @discardableResult
    public func run(_ plan: Plan, progress: @escaping @Sendable (MigrationProgress) -> Void = { _ in }) async throws -> MigrationReport {
        try await driver.prepareHistory(table)
        return try await driver.withMigrationLock(configuration.lockRequest) { [self] in
            let state = try await historyState()
            guard state.lastSequence == plan.basis else {
                throw StrataError(.historyChanged, "The history changed after the plan was made (did another run start?).",
                                  remedy: "Plan again: run the command again.")
            }
            return try await execute(plan, from: state, progress: progress)
        }
    }

    /// Plans `up` and runs it while holding the migration lock, so that runners started
    /// together apply each migration once: the ones that wait find it applied.
    ///
    /// - Parameters:
    ///   - options: the target and what to allow.
    ///   - rehearsal: whether to run the plan on a copy of the schema first (``Rehearsal``).
    ///   - progress: called as the rehearsal and each step start and finish.
    @discardableResult
    public func migrate(
        _ options: Planner.UpOptions = Planner.UpOptions(), rehearsal: Rehearsal = .never,
        progress: @escaping @Sendable (MigrationProgress) -> Void = { _ in }
    ) async throws -> MigrationReport {
        // Nothing to do is decided from one read, without the lock or any write: the common
        // case of every deploy after the first. Anything else, including a history that looks
        // interrupted (another runner may be half-way through a migration right now), is
        // decided under the lock.
        let glance = try await historyState()
        if let plan = try? Planner.planUp(migrations: migrations, history: glance, options: options), plan.isEmpty {
            return MigrationReport(direction: .up, steps: [], currentVersion: glance.currentVersion)
        }
        try await driver.prepareHistory(table)
        return try await driver.withMigrationLock(configuration.lockRequest) { [self] in
            let state = try await historyState()
            let plan = try Planner.planUp(migrations: migrations, history: state, options: options)
            if !plan.isEmpty, rehearsal.applies(to: state) {
                progress(.rehearsalStarted(plan))
                let clock = ContinuousClock()
                let started = clock.now
                try await rehearse(plan)
                progress(.rehearsalFinished(plan, clock.now - started))
            }
            return try await execute(plan, from: state, progress: progress)
        }
    }

    /// Plans `down` and runs it while holding the migration lock.
    @discardableResult
    public func rollBack(
        _ target: Planner.DownTarget, resumeFailed: Bool = false, progress: @escaping @Sendable (MigrationProgress) -> Void = { _ in }
    ) async throws -> MigrationReport {
        try await driver.prepareHistory(table)
        return try await driver.withMigrationLock(configuration.lockRequest) { [self] in
            let state = try await historyState()
            let plan = try Planner.planDown(migrations: migrations, history: state, target: target, resumeFailed: resumeFailed)
            return try await execute(plan, from: state, progress: progress)
        }
    }

    private func execute(_ plan: Plan, from state: HistoryState, progress: @Sendable (MigrationProgress) -> Void) async throws -> MigrationReport {
        guard !plan.isEmpty else {
            return MigrationReport(direction: plan.direction, steps: [], currentVersion: state.currentVersion)
        }
        let engineVersion = try await driver.serverVersion()
        let (results, after) = try await writingHistory { () async throws -> [StepResult] in
            var sequences = SequenceAllocator(after: state.lastSequence)
            var results: [StepResult] = []
            // A step that ran without a transaction leaves its outcome here, to be written with
            // the next step's `started` event (one request instead of two), and in any case
            // before anything else runs.
            var pendingOutcome: HistoryEvent?
            for (number, step) in plan.steps.enumerated() {
                if let reason = configuration.stopSignal?.reason {
                    if let outcome = pendingOutcome {
                        try await driver.append([outcome], to: table)
                        pendingOutcome = nil
                    }
                    throw stopped(plan, before: number, reason: reason)
                }
                progress(.stepStarted(step))
                logger.debug("running migration step", metadata: ["version": "\(step.version)", "direction": "\(step.direction)"])
                let result: StepResult
                do {
                    result = try await perform(step, engineVersion: engineVersion, sequences: &sequences, pendingOutcome: &pendingOutcome)
                } catch {
                    if let outcome = pendingOutcome { try await driver.append([outcome], to: table) }
                    throw error
                }
                results.append(result)
                progress(.stepFinished(step, result))
            }
            if let outcome = pendingOutcome { try await driver.append([outcome], to: table) }
            return results
        }
        return MigrationReport(direction: plan.direction, steps: results, currentVersion: after.currentVersion)
    }

    /// The error a run ends with when it stopped on request before `plan.steps[number]`.
    private func stopped(_ plan: Plan, before number: Int, reason: String) -> StrataError {
        let verb = plan.direction == .up ? "applying" : "rolling back"
        let done = number == 0 ? "no migration ran" : "\(number) of \(plan.steps.count) ran and \(number == 1 ? "is" : "are") recorded"
        return StrataError(
            .interrupted,
            "Stopped before \(verb) \(plan.steps[number].label): \(reason). Of the \(plan.steps.count) planned, \(done); nothing is half done.",
            remedy: "Run the command again to continue from there.")
    }

    private func perform(
        _ step: PlanStep, engineVersion: String, sequences: inout SequenceAllocator, pendingOutcome: inout HistoryEvent?
    ) async throws -> StepResult {
        let statements = try await splitStatements(of: step)
        try await checkRollbackParses(step)
        let startedAt = configuration.clock()
        let atomic = driver.capabilities.contains(.transactionalDDL) && step.transactional
        let outcomeKind: HistoryEventKind = step.direction == .up ? .applied : .rolledBack
        let ranCount = statements.count - step.firstStatement + 1

        if atomic {
            if let outcome = pendingOutcome {
                try await driver.append([outcome], to: table)
                pendingOutcome = nil
            }
            let sequence = sequences.next(at: startedAt)
            let completion = AtomicCompletion(table: table) { [self] duration in
                event(for: step, kind: outcomeKind, sequence: sequence, startedAt: startedAt,
                      finishedAt: configuration.clock(), duration: duration, engineVersion: engineVersion)
            }
            do {
                let outcome = try await driver.run(ScriptExecution(
                    script: step.sql, statements: statements, firstStatement: step.firstStatement, atomicCompletion: completion))
                return StepResult(version: step.version, name: step.name, direction: step.direction,
                                  statements: ranCount, milliseconds: outcome.duration.milliseconds)
            } catch let failure as StatementFailure {
                throw statementError(step, failure, total: statements.count, recorded: false)
            } catch var error as StrataError {
                // Refused before anything ran (a section the engine cannot parse).
                if error.location == nil { error.location = step.location(ofSectionLine: nil) }
                throw error
            }
        }

        do {
            try await driver.checkParses(step.sql)
        } catch var error as StrataError {
            if error.location == nil { error.location = step.location(ofSectionLine: nil) }
            throw error
        }
        let startKind: HistoryEventKind = step.direction == .up ? .started : .rollbackStarted
        let started = event(for: step, kind: startKind, sequence: sequences.next(at: startedAt), startedAt: startedAt, engineVersion: engineVersion)
        try await driver.append((pendingOutcome.map { [$0] } ?? []) + [started], to: table)
        pendingOutcome = nil
        let outcome: ScriptOutcome
        do {
            outcome = try await driver.run(ScriptExecution(script: step.sql, statements: statements, firstStatement: step.firstStatement,
                                                           resuming: step.failureDetails))
        } catch let failure as StatementFailure {
            var failed = event(for: step, kind: step.direction == .up ? .failed : .rollbackFailed,
                               sequence: sequences.next(at: configuration.clock()), startedAt: startedAt,
                               finishedAt: configuration.clock(), engineVersion: engineVersion)
            failed.error = failure.message
            failed.failedStatement = failure.index
            failed.details = FailureDetails(
                completedStatements: FailureDetails.completedChecksum(of: statements, before: failure.index),
                driverDetails: failure.details
            ).json
            do {
                try await driver.append(failed, to: table)
            } catch {
                var problem = statementError(step, failure, total: statements.count, recorded: false)
                problem.message += " Recording the failure in history failed too (\(error)); history shows the migration as started and not finished."
                throw problem
            }
            throw statementError(step, failure, total: statements.count, recorded: true)
        }
        pendingOutcome = event(for: step, kind: outcomeKind, sequence: sequences.next(at: configuration.clock()),
                               startedAt: startedAt, finishedAt: configuration.clock(), duration: outcome.duration,
                               engineVersion: engineVersion, details: outcome.details)
        return StepResult(version: step.version, name: step.name, direction: step.direction,
                          statements: ranCount, milliseconds: outcome.duration.milliseconds)
    }

    private func splitStatements(of step: PlanStep) async throws -> [SQLStatement] {
        let statements: [SQLStatement]
        do {
            statements = try await driver.statements(in: try resolvePlaceholders(step))
        } catch var error as StrataError {
            if error.location == nil { error.location = step.location(ofSectionLine: nil) }
            throw error
        }
        guard !statements.isEmpty else {
            throw StrataError(.invalidMigrationFile, "The \(step.direction) section has no statements (only comments?).",
                              remedy: "Write at least one SQL statement in it.", location: step.location(ofSectionLine: nil))
        }
        guard step.firstStatement >= 1, step.firstStatement <= statements.count else {
            throw StrataError(.invalidArgument,
                              "Cannot resume \(step.label) at statement \(step.firstStatement): the section has \(statements.count) statements.",
                              remedy: "Check the file against history (`strata history`).", location: step.location(ofSectionLine: nil))
        }
        if let completed = step.completedChecksum,
           FailureDetails.completedChecksum(of: statements, before: step.firstStatement) != completed {
            let done = step.firstStatement == 2 ? "Statement 1" : "Statements 1-\(step.firstStatement - 1)"
            throw StrataError(.modifiedMigration,
                              "\(done) of \(step.label) changed since they ran; resuming at statement \(step.firstStatement) would leave the database different from the file.",
                              remedy: "Restore those statements as they ran (only the failed statement and later ones may change), or undo them by hand and run `strata repair --rolled-back \(step.version) --note WHY`, then apply the file afresh.",
                              location: step.location(ofSectionLine: nil))
        }
        return statements
    }

    /// Refuses to apply a migration whose down section the engine cannot read: it would be
    /// recorded as the way back and fail only when someone needs it.
    private func checkRollbackParses(_ step: PlanStep) async throws {
        guard step.direction == .up, let rollback = step.rollbackSQL else { return }
        let downMarker = migrations.first { $0.version == step.version }?.down?.markerLine
        func located(_ error: StrataError) -> StrataError {
            var error = error
            // Section lines in the message count from the `-- migrate:down` marker.
            error.location = SourceLocation(file: step.label, line: downMarker)
            error.message = "The down section cannot be read, so it is not recorded as the way back: " + error.message
            error.remedy = (error.remedy.map { $0 + " " } ?? "") + "Nothing was applied; fix the down section and run the command again."
            return error
        }
        do {
            var rollbackStep = step
            rollbackStep.sql = rollback
            _ = try await driver.statements(in: try resolvePlaceholders(rollbackStep))
            try await driver.checkParses(rollback)
        } catch let error as StrataError {
            throw located(error)
        }
    }

    /// The step's SQL with `{cluster}` filled in, on engines that have clusters.
    private func resolvePlaceholders(_ step: PlanStep) throws(StrataError) -> String {
        guard driver.capabilities.contains(.clusterPlaceholder) else { return step.sql }
        do {
            return try ClusterPlaceholder.substitute(in: step.sql, cluster: driver.cluster)
        } catch {
            throw StrataError(
                .invalidMigrationFile,
                "\(ClusterPlaceholder.text) names the cluster, but this database is a single server (no cluster was given).",
                remedy: "On a single server only `ON CLUSTER \(ClusterPlaceholder.text)` can be left out; write the statement without the placeholder in a .clickhouse.sql variant, or give the cluster (?cluster=NAME in the URL, or --cluster NAME).",
                location: step.location(ofSectionLine: error.line))
        }
    }

    func event(
        for step: PlanStep, kind: HistoryEventKind, sequence: Int64, startedAt: Date, finishedAt: Date? = nil,
        duration: Duration? = nil, engineVersion: String, details: String? = nil
    ) -> HistoryEvent {
        HistoryEvent(
            sequence: sequence, version: step.version, name: step.name, description: step.description, kind: kind,
            checksum: step.direction == .up ? step.checksum : nil,
            rollbackSQL: step.direction == .up ? step.rollbackSQL : nil,
            startedAt: startedAt, finishedAt: finishedAt, executionMilliseconds: duration?.milliseconds,
            appliedBy: configuration.actor, toolVersion: configuration.toolVersion, engineVersion: engineVersion,
            details: details)
    }

    private func statementError(_ step: PlanStep, _ failure: StatementFailure, total: Int, recorded: Bool) -> StrataError {
        let verb = step.direction == .up ? "applying" : "rolling back"
        let location = step.location(ofSectionLine: failure.line)
        if failure.rolledBack {
            return StrataError(
                .statementFailed,
                "Statement \(failure.index) of \(total) failed while \(verb) \(step.label); the whole migration rolled back and nothing was recorded: the database is as it was.",
                remedy: "Fix the statement and run the command again.",
                location: location, statement: StatementContext(index: failure.index, text: failure.text),
                underlying: failure.message)
        }
        let done = failure.index - step.firstStatement
        let kept = done <= 0 ? "No statement of this run completed"
            : done == 1 ? "Statement \(step.firstStatement) completed and stays applied"
            : "Statements \(step.firstStatement)-\(failure.index - 1) completed and stay applied"
        let where_ = recorded ? "History records the failure at statement \(failure.index)." : ""
        let remedy = step.direction == .up
            ? "Choose one: fix the cause and run `strata up --resume` (retries from statement \(failure.index); earlier statements are not re-run); `strata repair --resolved \(step.version) --note WHY` (you completed it by hand); `strata repair --rolled-back \(step.version) --note WHY` (you undid it by hand)."
            : "Choose one: fix the cause and run `strata down --resume` (retries the rollback from statement \(failure.index)); `strata repair --rolled-back \(step.version) --note WHY` (you finished the rollback by hand); `strata repair --resolved \(step.version) --note WHY` (it stays applied)."
        return StrataError(
            .statementFailed,
            "Statement \(failure.index) of \(total) failed while \(verb) \(step.label). \(kept): this engine has no transactional DDL. \(where_)",
            remedy: remedy, location: location, statement: StatementContext(index: failure.index, text: failure.text),
            underlying: failure.message)
    }
}
