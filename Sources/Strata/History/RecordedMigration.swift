import Foundation

/// What the history says about one version: the fold of its events.
public struct RecordedMigration: Sendable, Hashable {
    public var version: MigrationVersion
    public var name: String
    public var description: String?
    public var state: RecordedState
    /// The checksum of the up section that is applied (latest applying event).
    public var checksum: Checksum?
    /// When the applying event finished.
    public var appliedAt: Date?
    public var executionMilliseconds: Double?
    /// The down section recorded when it was applied.
    public var rollbackSQL: String?
    /// The event that decides the state.
    public var lastEvent: HistoryEvent

    /// Whether the database has this migration applied.
    public var isApplied: Bool { if case .applied = state { true } else { false } }

    /// The failure, when the migration is failed or interrupted.
    public var failure: RecordedFailure? { if case .failed(let failure) = state { failure } else { nil } }
}

/// The state a version is left in by its events.
public enum RecordedState: Sendable, Hashable {
    /// Applied (or baselined, resolved, accepted).
    case applied
    /// Not applied: rolled back, marked rolled back, or forgotten.
    case notApplied
    /// Left half-way: a statement failed, or the run stopped without recording an outcome.
    case failed(RecordedFailure)
}

/// How a migration was left half-way.
public struct RecordedFailure: Sendable, Hashable {
    public enum Direction: String, Sendable, Hashable { case up, down }
    /// Whether it was being applied or rolled back.
    public var direction: Direction
    /// The 1-based index of the statement that failed; `nil` when the run stopped without
    /// recording an outcome (killed, connection lost), so it is unknown how far it got.
    public var statement: Int?
    /// The database's error.
    public var error: String?
    /// True when a "started" event has no outcome.
    public var interrupted: Bool { statement == nil && error == nil }
}
