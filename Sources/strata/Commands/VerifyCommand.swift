import ArgumentParser
import Strata

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Test every down section on a scratch database: up, down, up again, schemas compared.",
        discussion: """
            For each migration in order: dump, up, dump, down, dump (must equal the first), up again, \
            dump (must equal the second). Stops at the first migration that fails and shows the \
            difference. Migrations without a down section are applied, listed as irreversible, and \
            verification goes on past them. Runs on an in-memory DuckDB (no --url, or a DuckDB URL: \
            the file is not opened), or on a scratch database on the ClickHouse server at --url. \
            Exit codes: 0 passed; 7 a down section does not restore the schema; 1 a statement failed.
            """)

    @OptionGroup var connection: ConnectionOptions

    @Flag(name: .long, help: "Print one JSON object.")
    var json = false

    func run() async throws {
        try await reportingFailures {
            let url = try DatabaseOpener.optionalURL(connection)
            let configuration = MigratorConfiguration(historyTable: try connection.historyTableName(), actor: ConnectionOptions.actor)
            let migrations = try MigrationDirectory.load(from: connection.migrationsDirectory)
            let logger = DatabaseOpener.makeLogger(verbose: connection.verbose)
            let report = try await DatabaseOpener.withSchemaDriver(url, options: connection, scratchOnly: true, logger: logger) { driver in
                try await RollbackVerification.run(migrations: migrations, driver: driver, configuration: configuration, logger: logger)
            }
            Console.out(json ? VerifyOutput.json(report).rendered() : VerifyOutput.human(report))
            if let code = VerifyOutput.exitCode(report) { throw code.exitCode }
        }
    }
}
