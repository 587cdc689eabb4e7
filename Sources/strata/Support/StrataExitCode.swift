import ArgumentParser
import Strata

/// The command's exit codes. Stable: scripts and CI depend on them (listed in the README).
enum StrataExitCode: Int32, CaseIterable {
    case success = 0
    /// A migration's statement failed, or the database reported an error.
    case migrationFailed = 1
    /// Bad arguments, URL or migration files.
    case badInput = 2
    /// Migrations are pending (`status --exit-code`, `check`).
    case pending = 3
    /// The database is not at the expected version (`ensure`).
    case wrongVersion = 4
    /// History needs a person: edited, missing or failed migrations, a foreign table.
    case needsAttention = 5
    /// The database cannot be opened or reached, or another process holds it.
    case unavailable = 6
    /// The schema is not what the migrations say: `check` found the schema file or the live
    /// database different from what the migrations produce, or `verify` found a down
    /// section that does not restore the schema.
    case schemaDrift = 7
    /// The run stopped before the end of its plan, on request (its output could not be
    /// written, or it was asked to stop): the migration under way finished and is recorded.
    case interrupted = 8

    static func of(_ code: StrataError.Code) -> StrataExitCode {
        switch code {
        case .invalidFileName, .duplicateVersion, .invalidMigrationFile, .invalidEncoding, .invalidURL,
             .invalidArgument, .unknownVersion, .irreversibleMigration, .unreadableFile:
            .badInput
        case .databaseUnavailable, .databaseLocked:
            .unavailable
        case .statementFailed, .databaseError:
            .migrationFailed
        case .migrationFailedEarlier, .modifiedMigration, .missingMigration, .outOfOrderMigration,
             .foreignHistoryTable, .historyTooNew, .historyChanged:
            .needsAttention
        case .interrupted:
            .interrupted
        }
    }

    var exitCode: ExitCode { ExitCode(rawValue) }
}
