import ArgumentParser
import Foundation
import Strata

struct DumpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Print the schema in Strata's canonical form: the text `check` compares with schema.sql.",
        discussion: """
            The same schema gives the same bytes whatever order it was built in. The history table \
            and its view are left out. With --from-migrations, dumps what the migrations produce, \
            replayed into a scratch database of the URL's engine (an in-memory DuckDB when no URL is \
            given); the database at --url is not changed. Reads only.
            """)

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .long, help: ArgumentHelp("Write the dump to this file instead of standard output.", valueName: "path"))
    var output: String?

    @Flag(name: .long, help: "Dump the schema the migrations produce (replayed into a scratch database), not the database's.")
    var fromMigrations = false

    func run() async throws {
        try await reportingFailures {
            let url = try DatabaseOpener.optionalURL(connection)
            guard url != nil || fromMigrations else {
                throw StrataError(.invalidURL, "No database URL was given.",
                                  remedy: "Pass --url (e.g. --url duckdb:data/app.duckdb) or set DATABASE_URL; or dump what the migrations produce with --from-migrations.")
            }
            let configuration = MigratorConfiguration(historyTable: try connection.historyTableName(), actor: ConnectionOptions.actor)
            let migrations = fromMigrations ? try MigrationDirectory.load(from: connection.migrationsDirectory) : nil
            let logger = DatabaseOpener.makeLogger(verbose: connection.verbose)
            let snapshot = try await DatabaseOpener.withSchemaDriver(url, options: connection, scratchOnly: fromMigrations, logger: logger) { driver in
                if let migrations {
                    return try await SchemaReplay.schema(of: migrations, on: driver, configuration: configuration, logger: logger)
                }
                return try await driver.schema(excluding: configuration.historyTable)
            }
            guard let output else {
                Console.outVerbatim(snapshot.text)
                return
            }
            let data = Data(snapshot.text.utf8)
            do {
                try data.write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw StrataError(.unreadableFile, "Cannot write \(output).", remedy: "Check that its folder exists and is writable.",
                                  underlying: "\(error)")
            }
            Console.out("Wrote the \(snapshot.engine.displayName) schema (\(Formatting.plural(snapshot.objects.count, "object"))) to \(output).")
        }
    }
}
