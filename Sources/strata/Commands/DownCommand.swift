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

    private func downTarget() throws(StrataError) -> Planner.DownTarget {
        guard let to else { return .steps(steps ?? 1) }
        return .version(try parseVersion(to, option: "--to"))
    }

    func run() async throws {
        try await reportingFailures { try await rollBack() }
    }

    private func roll(_ migrator: Migrator, _ target: Planner.DownTarget, _ progress: @escaping @Sendable (MigrationProgress) -> Void) async throws -> MigrationReport {
        try await migrator.rollBack(target, resumeFailed: resume, progress: progress)
    }

    private func rollBack() async throws {
        let target = try downTarget()
        let access: DatabaseAccess = dryRun ? .readOnly : .readWrite
        try await DatabaseOpener.withMigrator(connection, access: access) { (migrator: Migrator) async throws -> Void in
            if dryRun {
                let plan = try await migrator.planDown(target, resumeFailed: resume)
                try await PlanOutput.printPlan(plan, migrator: migrator, database: connection.databaseLabel, json: json)
                return
            }
            let progress = PlanOutput.progress(json: json)
            PlanOutput.printReport(try await roll(migrator, target, progress), json: json)
        }
    }
}
