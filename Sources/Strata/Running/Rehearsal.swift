/// Whether `up` first runs its plan on a throw-away copy of the target's schema.
///
/// A rehearsal copies the schema (not the data) into a scratch database, runs every pending
/// migration there, and lets the real run start only if all of them succeed. It catches
/// SQL written for another database, and references to tables that do not exist, before
/// the real database is touched. It cannot catch failures that depend on the data (a NOT
/// NULL column over existing NULLs); on DuckDB those still roll back their migration whole.
public enum Rehearsal: Sendable, Hashable {
    /// Never rehearse.
    case never
    /// Always rehearse when there is something to run.
    case always
    /// Rehearse when the database already has applied migrations (a database worth
    /// protecting); a new database has nothing to lose that its transactions do not keep.
    case whenDatabaseHasHistory

    func applies(to state: HistoryState) -> Bool {
        switch self {
        case .never: false
        case .always: true
        case .whenDatabaseHasHistory: !state.applied.isEmpty
        }
    }
}
