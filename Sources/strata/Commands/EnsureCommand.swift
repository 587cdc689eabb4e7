import ArgumentParser
import Strata

struct EnsureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ensure",
        abstract: "Exit 0 only if the database is exactly at VERSION: a start-up guard for any language.",
        discussion: "Exits 4 when the database is behind, ahead, or has edited, missing or failed migrations; the message says which.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("The version the application expects.", valueName: "version"))
    var version: String

    @Flag(name: .long, help: "Check history only, without the migration files.")
    var historyOnly = false

    func run() async throws {
        try await reportingFailures {
            let expected = try parseVersion(version, option: "ensure")
            try await DatabaseOpener.withMigrator(connection, access: .readOnly, loadingFiles: !historyOnly) { migrator in
                try await migrator.ensure(expected, checkingFiles: !historyOnly)
                Console.out("The database is at version \(expected).")
            }
        }
    }
}
