import ArgumentParser
import Strata

struct BaselineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Adopt a database built before Strata: record migrations up to VERSION as applied, without running them.",
        discussion: "Refuses when history already exists. Later migrations apply as usual.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("The last migration the existing schema already contains.", valueName: "version"))
    var version: String

    @Option(name: .long, help: ArgumentHelp("Why; recorded in history.", valueName: "text"))
    var note: String?

    func run() async throws {
        try await reportingFailures {
            let target = try parseVersion(version, option: "baseline")
            let events = try await DatabaseOpener.withMigrator(connection, access: .readWrite) { migrator in
                try await migrator.baseline(target, note: note ?? "Adopted an existing database at version \(target)")
            }
            Console.out("Recorded \(Formatting.plural(events.count, "migration")) as applied without running them (baseline at version \(target)).")
        }
    }
}
