import ArgumentParser
import Strata

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show every migration: applied, pending, modified, missing or failed.",
        discussion: "Reads only: never creates the database or the history table.")

    @OptionGroup var connection: ConnectionOptions

    @Flag(name: .long, help: "Print one JSON object.")
    var json = false

    @Flag(name: .long, help: "Exit 3 when migrations are pending, 5 when any is modified, missing or failed.")
    var exitCode = false

    func run() async throws {
        try await reportingFailures {
            let database = connection.databaseLabel
            let json = json
            let reporting = try await DatabaseOpener.withMigrator(connection, access: .readOnly) { migrator in
                let history = try await migrator.historyState()
                let version = try await migrator.driver.serverVersion()
                let migrations = migrator.migrations
                // The rest needs no database: it runs while the database closes (DuckDB takes
                // 30-40 ms to free a catalog of a thousand migrations' tables).
                return Task {
                    let report = Planner.status(migrations: migrations, history: history)
                    Console.out(json ? StatusOutput.json(report, database: database, engineVersion: version).rendered()
                                     : StatusOutput.human(report, database: database, engineVersion: version))
                    return report
                }
            }
            let report = await reporting.value
            if exitCode {
                if report.needsAttention { throw StrataExitCode.needsAttention.exitCode }
                if !report.migrations(in: .pending).isEmpty { throw StrataExitCode.pending.exitCode }
            }
        }
    }
}
