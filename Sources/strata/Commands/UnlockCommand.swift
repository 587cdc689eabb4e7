import ArgumentParser
import Foundation
import Strata

struct UnlockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock",
        abstract: "Show who holds the migration lock, or remove a lock whose runner is gone.",
        discussion: """
            Without options, shows the holder: host, process, run id, since when, and until when its
            lease runs (a holder renews it while it works). To remove a lock, confirm whose it is:
              --owner ID   the holder's run id (or its first 8 characters or more), as shown here
                           or in the error of a runner that gave up waiting
              --force      whoever holds it, but only when its lease has expired
            A lock whose lease expired is also removed by the next runner that wants it.
            DuckDB has no lock to remove: the database file itself is the lock, and the error that
            refused you names the process holding it.
            """)

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .long, help: ArgumentHelp("Remove the lock held by this run id.", valueName: "id"))
    var owner: String?

    @Flag(name: .long, help: "Remove the lock if its lease has expired, whoever holds it.")
    var force = false

    @Flag(name: .long, help: "Print the holder (before removal) as JSON.")
    var json = false

    func validate() throws {
        if owner != nil && force { throw ValidationError("Give --owner or --force, not both.") }
    }

    func run() async throws {
        try await reportingFailures {
            let url = try connection.databaseURL()
            if url.engine == .duckdb {
                guard owner == nil, !force else {
                    throw StrataError(.invalidArgument, "DuckDB has no migration lock to remove: the database file itself is the lock.",
                                      remedy: "The error that refused you names the process holding the file (\"Conflicting lock is held in ... (PID n)\"); stop that process.")
                }
                Console.out("DuckDB has no migration lock table: the database file itself is the lock, held by the one process that has it open for writing. The error that refused you names that process (PID); stop it to free the file.")
                return
            }
            try await DatabaseOpener.withMigrator(connection, access: .readOnly, loadingFiles: false) { migrator in
                let holder = try await migrator.lockHolder()
                if json { Console.out(Self.json(holder).rendered()) }
                guard owner != nil || force else {
                    if !json { Console.out(Self.human(holder)) }
                    return
                }
                let removed = try await migrator.unlock(owner.map(UnlockConfirmation.owner) ?? .expired)
                Console.error("Removed the migration lock of \(removed.host) pid \(removed.process) (run \(removed.id)).")
            }
        }
    }

    static func human(_ holder: LockOwner?) -> String {
        guard let holder else { return "No runner holds the migration lock." }
        var lines = ["The migration lock is held by \(holder.host) pid \(holder.process)", "  run:     \(holder.id)"]
        if let since = holder.since { lines.append("  since:   \(Formatting.humanDate(since)) UTC") }
        if let expires = holder.expires {
            let state = holder.isExpired(at: Date()) ? "expired; the next runner removes it, or `strata unlock --force` does now"
                                                     : "renewed while the run works"
            lines.append("  lease:   until \(Formatting.humanDate(expires)) UTC (\(state))")
        }
        lines.append("If that run is gone, remove its lock with `strata unlock --owner \(holder.id)`.")
        return lines.joined(separator: "\n")
    }

    static func json(_ holder: LockOwner?) -> JSONValue {
        guard let holder else { return .object([("held", .bool(false))]) }
        return .object([
            ("held", .bool(true)),
            ("host", .string(holder.host)),
            ("pid", .int(Int64(holder.process))),
            ("run_id", .string(holder.id)),
            ("since", .optional(holder.since)),
            ("expires", .optional(holder.expires)),
            ("expired", .bool(holder.isExpired(at: Date()))),
        ])
    }
}
