import ArgumentParser
import Strata

struct DownCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down",
        abstract: "Roll back applied migrations, newest first, with their down sections.",
        discussion: "Without --steps or --to, rolls back the latest migration. A migration whose file is gone is rolled back with the down section recorded when it was applied.")

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .long, help: ArgumentHelp("Roll back this many migrations.", valueName: "n"))
    var steps: Int?

    @Option(name: .long, help: ArgumentHelp("Roll back every migration above this version (0: all).", valueName: "version"))
    var to: String?

    @Flag(name: .long, help: "Print the plan; change nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Retry a failed rollback from the statement that failed.")
    var resume = false

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        if steps != nil, to != nil { throw ValidationError("Give --steps or --to, not both.") }
    }

    func run() async throws {
        try await reportingFailures {
            let target: Planner.DownTarget = try to.map { text throws(StrataError) in .version(try parseVersion(text, option: "--to")) }
                ?? .steps(steps ?? 1)
            try await DatabaseOpener.withMigrator(connection, access: dryRun ? .readOnly : .readWrite) { migrator in
                let plan = try await migrator.planDown(target, resumeFailed: resume)
                if dryRun {
                    try await PlanOutput.printPlan(plan, migrator: migrator, database: connection.databaseLabel, json: json)
                    return
                }
                let report = try await migrator.run(plan, progress: json ? { _ in } : PlanOutput.printProgress)
                PlanOutput.printReport(report, json: json)
            }
        }
    }
}
