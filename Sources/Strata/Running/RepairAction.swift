import Foundation

/// The explicit ways out that `strata repair` offers; each is recorded as a history event
/// with who did it and why.
public enum RepairAction: Sendable, Hashable {
    /// An applied migration's file was edited on purpose: record its new checksum.
    case acceptChecksum(MigrationVersion)
    /// A failed migration was completed by hand: count it as applied.
    case resolved(MigrationVersion)
    /// A failed migration was undone by hand: count it as not applied.
    case rolledBack(MigrationVersion)
    /// An applied migration whose file is gone: forget it.
    case forget(MigrationVersion)

    public var version: MigrationVersion {
        switch self {
        case .acceptChecksum(let v), .resolved(let v), .rolledBack(let v), .forget(let v): v
        }
    }

    var eventKind: HistoryEventKind {
        switch self {
        case .acceptChecksum: .checksumAccepted
        case .resolved: .resolved
        case .rolledBack: .markedRolledBack
        case .forget: .forgotten
        }
    }

    /// Decides the event to record, or why this repair does not apply. Pure.
    func event(
        migrations: [Migration], history: HistoryState, note: String, sequence: Int64, context: RepairContext
    ) throws(StrataError) -> HistoryEvent {
        let version = self.version
        let file = migrations.first { $0.version == version }
        let record = history.migrations[version]
        let status = Planner.status(migrations: migrations, history: history).migrations.first { $0.version == version }
        func refuse(_ why: String, _ remedy: String) -> StrataError {
            StrataError(.invalidArgument, "Cannot \(verb) version \(version): \(why)", remedy: remedy)
        }
        guard let record else {
            throw refuse("history has no record of it.", "Run `strata status` to see which versions history knows.")
        }
        var checksum = record.checksum
        var rollbackSQL = record.rollbackSQL
        switch self {
        case .acceptChecksum:
            guard status?.state == .modified, let file else {
                throw refuse("it is \(status?.state.rawValue ?? "not applied"), not applied and edited.",
                             "Accepting a checksum is for applied migrations whose file was edited on purpose (`strata status` shows them as modified).")
            }
            checksum = file.checksum
            rollbackSQL = file.down?.sql
        case .resolved, .rolledBack:
            guard record.failure != nil else {
                throw refuse("it did not fail (it is \(status?.state.rawValue ?? "unknown")).",
                             "Marking resolved or rolled back is for migrations that `strata status` shows as failed.")
            }
            if case .resolved = self, let file {
                checksum = file.checksum
                rollbackSQL = file.down?.sql ?? rollbackSQL
            }
        case .forget:
            guard status?.state == .missing else {
                throw refuse("it is \(status?.state.rawValue ?? "unknown"), not applied with its file missing.",
                             "Forgetting is for applied migrations whose file is gone (`strata status` shows them as missing).")
            }
        }
        return HistoryEvent(
            sequence: sequence, version: version, name: file?.name ?? record.name, description: file?.description ?? record.description,
            kind: eventKind, checksum: checksum, rollbackSQL: rollbackSQL, startedAt: context.now, finishedAt: context.now,
            appliedBy: context.actor, toolVersion: context.toolVersion, engineVersion: context.engineVersion, note: note)
    }

    private var verb: String {
        switch self {
        case .acceptChecksum: "accept the checksum of"
        case .resolved: "mark resolved"
        case .rolledBack: "mark rolled back"
        case .forget: "forget"
        }
    }
}

/// Who and when, for events written outside a run.
struct RepairContext {
    var now: Date
    var actor: String
    var toolVersion: String
    var engineVersion: String
}
