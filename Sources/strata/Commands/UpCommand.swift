import ArgumentParser
import Strata

struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Apply pending migrations, in version order.",
        discussion: "Each migration runs in one transaction with its history row on DuckDB. On ClickHouse, a failed migration stops the run; see `strata status` for how to recover.")

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .long, help: ArgumentHelp("Apply up to and including this version.", valueName: "version"))
    var to: String?

    @Flag(name: .long, help: "Print the plan; change nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Also apply pending migrations older than the current version.")
    var outOfOrder = false

    @Flag(name: .long, help: "Retry a failed migration from the statement that failed (earlier statements are not re-run), then continue.")
    var resume = false

    @Flag(name: .long, inversion: .prefixedNo, help: "Run the pending migrations on a copy of the schema first, and touch the database only if all succeed (default: on for a DuckDB database that has applied migrations; off on ClickHouse).")
    var rehearse: Bool?

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    /// --rehearse / --no-rehearse, or the engine's default: a DuckDB copy of the schema is in
    /// memory and cheap; on ClickHouse it costs a scratch database and a request per object
    /// and statement, so it is asked for.
    func rehearsal(for engine: DatabaseEngine) -> Rehearsal {
        switch rehearse {
        case true?: .always
        case false?: .never
        case nil: engine == .duckdb ? .whenDatabaseHasHistory : .never
        }
    }

    func run() async throws {
        try await reportingFailures {
            let options = Planner.UpOptions(
                target: try to.map { text throws(StrataError) in try parseVersion(text, option: "--to") },
                allowOutOfOrder: outOfOrder, resumeFailed: resume)
            try await DatabaseOpener.withMigrator(connection, access: dryRun ? .readOnly : .readWrite) { migrator in
                if dryRun {
                    let plan = try await migrator.planUp(options)
                    try await PlanOutput.printPlan(plan, migrator: migrator, database: connection.databaseLabel, json: json)
                    return
                }
                let progress = PlanOutput.progress(json: json)
                let report = try await migrator.migrate(options, rehearsal: rehearsal(for: migrator.driver.engine), progress: progress)
                PlanOutput.printReport(report, json: json)
            }
        }
    }
}
