import Foundation

/// One row of the history table.
///
/// The table is append-only and has the same logical columns on every engine. Events are
/// ordered by ``sequence``, which the tool makes strictly increasing and unique (it also
/// keeps ClickHouse's insert deduplication from dropping a retried event).
public struct HistoryEvent: Sendable, Hashable, Codable {
    /// The format of the history table this build writes and understands.
    ///
    /// - 1: the events.
    /// - 2: as 1; a driver that stores a ``HistorySummary`` (DuckDB: the table
    ///   ``HistoryTable/stateName``) marks it unknown before writing events and stores it
    ///   after. A build that does not know this must not write after one that does, so it
    ///   refuses a history with format 2 events.
    public static let currentFormatVersion = 2

    /// The first format whose writers keep a stored summary current: a summary may be stored
    /// only once history has an event of this format, which keeps older builds from writing.
    public static let firstSummaryKeepingFormat = 2

    /// A random identifier, unique per event.
    public var id: String
    /// Orders events: microseconds since 1970, strictly increasing within a history.
    public var sequence: Int64
    public var version: MigrationVersion
    public var name: String
    public var description: String?
    public var kind: HistoryEventKind
    /// The up section's checksum the event asserts (applied, baseline, accepted).
    public var checksum: Checksum?
    /// The down section at the time of applying, so a later build can roll back without the file.
    public var rollbackSQL: String?
    public var startedAt: Date?
    public var finishedAt: Date?
    /// How long the statements took, in milliseconds.
    public var executionMilliseconds: Double?
    /// Who ran it, as `user@host`.
    public var appliedBy: String
    public var toolVersion: String
    public var engineVersion: String
    /// The database's error, for failures.
    public var error: String?
    /// For failures: the 1-based index of the statement that failed.
    public var failedStatement: Int?
    /// Why, for repairs and baselines.
    public var note: String?
    /// Engine-specific detail as JSON (for example the per-host outcome on a cluster).
    public var details: String?
    public var formatVersion: Int

    public init(
        id: String = UUID().uuidString.lowercased(), sequence: Int64, version: MigrationVersion, name: String,
        description: String? = nil, kind: HistoryEventKind, checksum: Checksum? = nil, rollbackSQL: String? = nil,
        startedAt: Date? = nil, finishedAt: Date? = nil, executionMilliseconds: Double? = nil, appliedBy: String,
        toolVersion: String, engineVersion: String, error: String? = nil, failedStatement: Int? = nil,
        note: String? = nil, details: String? = nil, formatVersion: Int = HistoryEvent.currentFormatVersion
    ) {
        self.id = id
        self.sequence = sequence
        self.version = version
        self.name = name
        self.description = description
        self.kind = kind
        self.checksum = checksum
        self.rollbackSQL = rollbackSQL
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.executionMilliseconds = executionMilliseconds
        self.appliedBy = appliedBy
        self.toolVersion = toolVersion
        self.engineVersion = engineVersion
        self.error = error
        self.failedStatement = failedStatement
        self.note = note
        self.details = details
        self.formatVersion = formatVersion
    }
}
