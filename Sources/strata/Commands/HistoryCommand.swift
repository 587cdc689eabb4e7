import ArgumentParser
import Strata

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show every recorded event: when, how long, who, checksum, errors.",
        discussion: "Reads only. History rows are never changed or deleted.")

    @OptionGroup var connection: ConnectionOptions

    @Flag(name: .long, help: "Print a JSON array of events.")
    var json = false

    func run() async throws {
        try await reportingFailures {
            try await DatabaseOpener.withMigrator(connection, access: .readOnly) { migrator in
                let events = try await migrator.history()
                Console.out(json ? HistoryOutput.json(events).rendered() : HistoryOutput.human(events))
            }
        }
    }
}
