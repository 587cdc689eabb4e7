/// Why a database is not at the version an application expects.
///
/// Thrown by ``Migrator/ensure(_:checkingFiles:)``; the command line maps it to its own exit code.
public struct EnsureError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: String, Sendable, Hashable {
        /// Migrations up to the expected version are pending.
        case behind
        /// Migrations above the expected version are applied.
        case ahead
        /// An applied migration's file was edited.
        case edited
        /// An applied migration's file is gone.
        case missing
        /// A migration is failed or interrupted.
        case failed
    }

    public var reason: Reason
    /// The version the caller expects.
    public var expected: MigrationVersion
    /// The database's current version.
    public var current: MigrationVersion?
    /// The versions concerned (pending, ahead, edited, missing or failed).
    public var versions: [MigrationVersion]

    public var description: String {
        let at = current.map { "version \($0)" } ?? "no version (nothing applied)"
        let list = versions.map(\.description).joined(separator: ", ")
        switch reason {
        case .behind:
            return "The database is behind: it is at \(at), expected \(expected); pending: \(list). Run `strata up --to \(expected)`."
        case .ahead:
            return "The database is ahead: it is at \(at), expected \(expected); applied beyond it: \(list). Deploy the newer build, or roll back with `strata down --to \(expected)`."
        case .edited:
            return "The database is at \(at), but applied migrations were edited since: \(list). Run `strata status` for details."
        case .missing:
            return "The database is at \(at), but applied migrations have no file: \(list). Run `strata status` for details."
        case .failed:
            return "The database has failed migrations: \(list). Run `strata status` to see how to recover."
        }
    }
}
