/// What a history row records. Rows are never updated: a migration's state is the fold
/// of its events, the latest one deciding.
public enum HistoryEventKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// The up section ran to the end.
    case applied
    /// The down section ran to the end.
    case rolledBack = "rolled_back"
    /// A non-transactional up section began (ClickHouse, `transaction:false`).
    case started
    /// A non-transactional down section began.
    case rollbackStarted = "rollback_started"
    /// A statement of the up section failed; earlier statements stay applied.
    case failed
    /// A statement of the down section failed.
    case rollbackFailed = "rollback_failed"
    /// Recorded as applied without running (`strata baseline`).
    case baseline
    /// `strata repair`: the edited file's checksum is accepted as the applied one.
    case checksumAccepted = "checksum_accepted"
    /// `strata repair`: a failed migration was completed by hand and counts as applied.
    case resolved
    /// `strata repair`: a failed migration was undone by hand and counts as not applied.
    case markedRolledBack = "marked_rolled_back"
    /// `strata repair`: an applied migration whose file is gone is forgotten.
    case forgotten

    /// Whether the migration counts as applied after this event.
    public var leavesApplied: Bool {
        switch self {
        case .applied, .baseline, .checksumAccepted, .resolved: true
        default: false
        }
    }

    /// The events that leave a migration applied, for SQL that folds history
    /// (the `current_schema_version` view).
    public static var applyingEvents: [HistoryEventKind] { allCases.filter(\.leavesApplied) }
}
