/// Folds history events into the state of each version. Pure.
///
/// The latest event of a version (by sequence) decides its state; the applied checksum,
/// time and rollback SQL come from the latest event that applied it.
public struct HistoryState: Sendable, Hashable {
    /// Every event, in sequence order.
    public let events: [HistoryEvent]
    /// Each version's state, for every version that has events.
    public let migrations: [MigrationVersion: RecordedMigration]

    public init(events: [HistoryEvent]) {
        let ordered = events.sorted { $0.sequence < $1.sequence }
        self.events = ordered
        var folded: [MigrationVersion: RecordedMigration] = [:]
        for event in ordered {
            var record = folded[event.version] ?? RecordedMigration(
                version: event.version, name: event.name, description: event.description,
                state: .notApplied, lastEvent: event)
            record.lastEvent = event
            record.name = event.name
            if event.description != nil { record.description = event.description }
            switch event.kind {
            case .applied, .baseline, .resolved, .checksumAccepted:
                record.state = .applied
                if let checksum = event.checksum { record.checksum = checksum }
                if event.kind != .checksumAccepted {
                    record.appliedAt = event.finishedAt ?? event.startedAt
                    if event.kind != .resolved || event.executionMilliseconds != nil {
                        record.executionMilliseconds = event.executionMilliseconds
                    }
                }
                if let rollback = event.rollbackSQL { record.rollbackSQL = rollback }
            case .rolledBack, .markedRolledBack, .forgotten:
                record.state = .notApplied
                record.checksum = nil
                record.appliedAt = nil
                record.executionMilliseconds = nil
            case .started:
                record.state = .failed(RecordedFailure(direction: .up, statement: nil, error: nil))
                if let rollback = event.rollbackSQL { record.rollbackSQL = rollback }
            case .rollbackStarted:
                record.state = .failed(RecordedFailure(direction: .down, statement: nil, error: nil))
            case .failed:
                record.state = .failed(RecordedFailure(direction: .up, statement: event.failedStatement, error: event.error))
                if let rollback = event.rollbackSQL { record.rollbackSQL = rollback }
            case .rollbackFailed:
                record.state = .failed(RecordedFailure(direction: .down, statement: event.failedStatement, error: event.error))
            }
            folded[event.version] = record
        }
        self.migrations = folded
    }

    /// The highest applied version, or `nil` when none is applied.
    public var currentVersion: MigrationVersion? {
        migrations.values.filter(\.isApplied).map(\.version).max()
    }

    /// Applied versions, ascending.
    public var applied: [RecordedMigration] {
        migrations.values.filter(\.isApplied).sorted { $0.version < $1.version }
    }

    /// Versions left half-way, ascending.
    public var failed: [RecordedMigration] {
        migrations.values.filter { $0.failure != nil }.sorted { $0.version < $1.version }
    }

    /// The sequence of the latest event.
    public var lastSequence: Int64? { events.last?.sequence }
}
