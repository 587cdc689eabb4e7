/// Decides what to run. Pure: takes the migrations in the folder and the history, returns
/// a status or a ``Plan``, or an error that says why nothing should run.
public enum Planner {
    /// Compares the folder with the history.
    public static func status(migrations: [Migration], history: HistoryState) -> StatusReport {
        StatusReport(currentVersion: history.currentVersion,
                     migrations: states(migrations: migrations, history: history).map { row($0, migrations, history) })
    }

    /// A version's state, and where its file is: a ``MigrationStatus`` without copies of the
    /// file and the record (planning `up` needs rows only for the versions it reports on).
    struct VersionState {
        var version: MigrationVersion
        var state: MigrationState
        /// Its index in the folder's migrations, when the folder has it.
        var file: Int?
    }

    /// Every version of the folder or the history, in version order, with its state.
    static func states(migrations: [Migration], history: HistoryState) -> [VersionState] {
        let files = Dictionary(uniqueKeysWithValues: migrations.indices.map { (migrations[$0].version, $0) })
        var states: [VersionState] = []
        states.reserveCapacity(files.count)
        for version in Set(files.keys).union(history.migrations.keys).sorted() {
            let file = files[version]
            let recorded = history.migrations.index(forKey: version).map { history.migrations.values[$0] }
            let state: MigrationState?
            switch (file, recorded?.state) {
            case (_, .failed?):
                state = .failed
            case (let file?, .applied?):
                let checksum = recorded?.checksum
                state = checksum == nil || checksum == migrations[file].checksum ? .applied : .modified
            case (nil, .applied?):
                state = .missing
            case (_?, _):
                state = .pending
            case (nil, _):
                state = nil  // rolled back or forgotten, and the file is gone: nothing to show
            }
            guard let state else { continue }
            states.append(VersionState(version: version, state: state, file: file))
        }
        return states
    }

    /// The status row of one version.
    static func row(_ state: VersionState, _ migrations: [Migration], _ history: HistoryState) -> MigrationStatus {
        let file = state.file.map { migrations[$0] }
        let record = history.migrations[state.version]
        return MigrationStatus(version: state.version, name: file?.name ?? record?.name ?? "", state: state.state,
                               migration: file, record: record)
    }

    /// Options for planning `up`.
    public struct UpOptions: Sendable, Hashable {
        /// Apply up to and including this version; `nil` applies everything pending.
        public var target: MigrationVersion?
        /// Apply pending migrations older than the current version too.
        public var allowOutOfOrder: Bool
        /// Resume a failed migration from its failed statement instead of refusing.
        public var resumeFailed: Bool

        public init(target: MigrationVersion? = nil, allowOutOfOrder: Bool = false, resumeFailed: Bool = false) {
            self.target = target
            self.allowOutOfOrder = allowOutOfOrder
            self.resumeFailed = resumeFailed
        }
    }

    /// Plans `up`: the pending migrations in version order.
    ///
    /// - Throws: when a migration is failed (unless resuming), modified or missing, when a
    ///   pending migration is older than the current version (unless allowed), or when the
    ///   target is not a known version or is already passed.
    public static func planUp(migrations: [Migration], history: HistoryState, options: UpOptions = UpOptions()) throws(StrataError) -> Plan {
        let states = states(migrations: migrations, history: history)
        func rows(in state: MigrationState) -> [MigrationStatus] {
            states.filter { $0.state == state }.map { row($0, migrations, history) }
        }
        var steps: [PlanStep] = []

        for failed in rows(in: .failed) {
            guard options.resumeFailed, let record = failed.record, let failure = record.failure else {
                throw HistoryProblems.failed(failed)
            }
            guard failure.direction == .up else {
                throw StrataError(.migrationFailedEarlier,
                                  "Version \(failed.version) (\(failed.name)) failed while being rolled back; resuming applies only to failed up runs.",
                                  remedy: "Run `strata down --resume` to finish the rollback, or `strata repair --resolved \(failed.version)` / `--rolled-back \(failed.version)` after fixing it by hand.")
            }
            guard let file = failed.migration else { throw HistoryProblems.missing(failed) }
            guard let statement = failure.statement else {
                throw StrataError(.migrationFailedEarlier,
                                  "Version \(failed.version) (\(failed.name)) was interrupted; history does not say which statement it reached, so it cannot resume safely.",
                                  remedy: "Check the schema by hand, then run `strata repair --resolved \(failed.version)` (it is complete) or `strata repair --rolled-back \(failed.version)` (it is undone), and `strata up`.")
            }
            var step = upStep(file)
            step.firstStatement = statement
            let details = FailureDetails(json: record.lastEvent.details)
            step.failureDetails = details.driverDetails
            if let completed = details.completedStatements {
                // The migrator checks the file's first statements against this before running.
                step.completedChecksum = completed
            } else if let recorded = record.lastEvent.checksum, recorded != file.checksum {
                throw StrataError(.modifiedMigration,
                                  "\(file.fileName) changed since its failed run; resuming from statement \(statement) could run different SQL.",
                                  remedy: "Restore the file as it was, or run `strata repair --rolled-back \(failed.version)` after undoing its statements by hand and apply the edited file afresh.",
                                  location: SourceLocation(file: file.fileName))
            }
            steps.append(step)
        }
        if let modified = states.first(where: { $0.state == .modified }) { throw HistoryProblems.modified(row(modified, migrations, history)) }
        if let missing = states.first(where: { $0.state == .missing }) { throw HistoryProblems.missing(row(missing, migrations, history)) }

        let current = history.currentVersion
        if let target = options.target {
            guard migrations.contains(where: { $0.version == target }) || history.migrations[target] != nil else {
                throw StrataError(.unknownVersion, "There is no migration with version \(target).",
                                  remedy: "Pick a version from `strata status`.")
            }
            if let current, target < current {
                throw StrataError(.invalidArgument,
                                  "The database is at version \(current), past the target \(target).",
                                  remedy: "To go back, run `strata down --to \(target)`.")
            }
        }
        var pending = states.filter { $0.state == .pending }.compactMap { $0.file.map { migrations[$0] } }
        if let target = options.target { pending = pending.filter { $0.version <= target } }
        if let current, !options.allowOutOfOrder, let late = pending.first(where: { $0.version < current }) {
            throw StrataError(.outOfOrderMigration,
                              "\(late.fileName) is pending but older than the current version \(current).",
                              remedy: "Give it a version above \(current) (rename the file), or apply it anyway with `strata up --out-of-order`.",
                              location: SourceLocation(file: late.fileName))
        }
        steps += pending.map(upStep)
        return Plan(direction: .up, steps: steps, basis: history.lastSequence)
    }

    /// What `down` rolls back.
    public enum DownTarget: Sendable, Hashable {
        /// The latest `n` applied migrations.
        case steps(Int)
        /// Every applied migration above this version; 0 rolls back everything, a migration
        /// numbered 0 included (as ``all``).
        case version(MigrationVersion)
        /// Every applied migration.
        case all
    }

    /// Plans `down`: applied migrations from the newest, with their down sections.
    ///
    /// - Throws: when a migration is failed, when there are fewer applied migrations than
    ///   asked, when the target is unknown, or when a migration to roll back has no down
    ///   section (in the file or in history).
    public static func planDown(
        migrations: [Migration], history: HistoryState, target: DownTarget, resumeFailed: Bool = false
    ) throws(StrataError) -> Plan {
        let report = status(migrations: migrations, history: history)
        var resumed: [PlanStep] = []
        for failed in report.migrations(in: .failed) {
            guard resumeFailed, let failure = failed.record?.failure, failure.direction == .down,
                  let statement = failure.statement else { throw HistoryProblems.failed(failed) }
            var step = try downStep(failed)
            step.firstStatement = statement
            let details = FailureDetails(json: failed.record?.lastEvent.details)
            step.completedChecksum = details.completedStatements
            step.failureDetails = details.driverDetails
            resumed.append(step)
        }
        if !resumed.isEmpty { return Plan(direction: .down, steps: resumed, basis: history.lastSequence) }
        let applied = report.migrations.filter { [.applied, .modified, .missing].contains($0.state) }
        let chosen: [MigrationStatus]
        switch target {
        case .steps(let count):
            guard count > 0 else {
                throw StrataError(.invalidArgument, "--steps must be at least 1.", remedy: "Pass --steps 1 to roll back the latest migration.")
            }
            guard count <= applied.count else {
                throw StrataError(.invalidArgument,
                                  applied.isEmpty ? "No migration is applied; there is nothing to roll back."
                                                  : "Only \(applied.count) migration\(applied.count == 1 ? " is" : "s are") applied; cannot roll back \(count).",
                                  remedy: applied.isEmpty ? nil : "Pass --steps \(applied.count) or --to 0 to roll back everything.")
            }
            chosen = Array(applied.suffix(count))
        case .version(let version):
            guard version.value == 0 || report.migrations.contains(where: { $0.version == version }) else {
                throw StrataError(.unknownVersion, "There is no migration with version \(version).",
                                  remedy: "Pick a version from `strata status`, or --to 0 to roll back everything.")
            }
            chosen = version.value == 0 ? applied : applied.filter { $0.version > version }
        case .all:
            chosen = applied
        }
        var steps: [PlanStep] = []
        for row in chosen.reversed() {
            steps.append(try downStep(row))
        }
        return Plan(direction: .down, steps: steps, basis: history.lastSequence)
    }

    // MARK: - Steps

    static func upStep(_ migration: Migration) -> PlanStep {
        PlanStep(
            direction: .up, version: migration.version, name: migration.name, description: migration.description,
            sql: migration.up.sql, source: SourceLocation(file: migration.fileName, line: migration.up.markerLine),
            transactional: migration.up.options.transaction, checksum: migration.checksum,
            rollbackSQL: migration.down?.sql, firstStatement: 1, completedChecksum: nil)
    }

    /// The down step of an applied migration: the file's down section when the file is
    /// there and unchanged, else the rollback SQL recorded when it was applied.
    static func downStep(_ row: MigrationStatus) throws(StrataError) -> PlanStep {
        let unchanged = row.record?.checksum == nil || row.record?.checksum == row.migration?.checksum
        if unchanged, let file = row.migration, let down = file.down {
            return PlanStep(
                direction: .down, version: row.version, name: row.name, description: file.description,
                sql: down.sql, source: SourceLocation(file: file.fileName, line: down.markerLine),
                transactional: down.options.transaction, checksum: file.checksum, rollbackSQL: nil, firstStatement: 1,
                completedChecksum: nil)
        }
        if let recorded = row.record?.rollbackSQL, !recorded.allSatisfy(\.isWhitespace) {
            return PlanStep(
                direction: .down, version: row.version, name: row.name, description: row.record?.description,
                sql: recorded, source: nil, transactional: true, checksum: row.record?.checksum,
                rollbackSQL: nil, firstStatement: 1, completedChecksum: nil)
        }
        let file = row.migration?.fileName ?? "version \(row.version) (\(row.name))"
        throw StrataError(.irreversibleMigration, "\(file) has no down section, so it cannot be rolled back.",
                          remedy: "Add a `-- migrate:down` section to a new migration that undoes it, or roll back to a later version only.",
                          location: row.migration.map { SourceLocation(file: $0.fileName) })
    }
}
