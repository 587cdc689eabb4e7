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
        var folded = [MigrationVersion: RecordedMigration](minimumCapacity: ordered.count)
        for event in ordered {
            // Updated in place: a record holds its last event, and copying it out and back
            // for every event was most of the fold's time.
            folded[event.version, default: RecordedMigration(
                version: event.version, name: event.name, description: event.description,
                state: .notApplied, lastEvent: event)].fold(event)
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

extension RecordedMigration {
    /// Takes the next event of this version into account.
    mutating func fold(_ event: HistoryEvent) {
        lastEvent = event
        name = event.name
        if event.description != nil { description = event.description }
        switch event.kind {
        case .applied, .baseline, .resolved, .checksumAccepted:
            state = .applied
            if let checksum = event.checksum { self.checksum = checksum }
            if event.kind != .checksumAccepted {
                appliedAt = event.finishedAt ?? event.startedAt
                if event.kind != .resolved || event.executionMilliseconds != nil {
                    executionMilliseconds = event.executionMilliseconds
                }
            }
            if let rollback = event.rollbackSQL { rollbackSQL = rollback }
        case .rolledBack, .markedRolledBack, .forgotten:
            state = .notApplied
            checksum = nil
            appliedAt = nil
            executionMilliseconds = nil
        case .started:
            state = .failed(RecordedFailure(direction: .up, statement: nil, error: nil))
            if let rollback = event.rollbackSQL { rollbackSQL = rollback }
        case .rollbackStarted:
            state = .failed(RecordedFailure(direction: .down, statement: nil, error: nil))
        case .failed:
            state = .failed(RecordedFailure(direction: .up, statement: event.failedStatement, error: event.error))
            if let rollback = event.rollbackSQL { rollbackSQL = rollback }
        case .rollbackFailed:
            state = .failed(RecordedFailure(direction: .down, statement: event.failedStatement, error: event.error))
        }
    }
}
