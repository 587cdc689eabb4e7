import ArgumentParser
import Foundation
import Strata

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "CI gate: fail when migrations were edited or are pending, or when schema.sql or the live schema is not what the migrations produce.",
        discussion: """
            Replays the migrations into scratch databases (an in-memory DuckDB, or a database with a \
            random name on the ClickHouse server) and compares: the committed schema file (default \
            schema.sql beside the migrations folder) with all the migrations; the live database with \
            its applied migrations. Without --url and DATABASE_URL, or with duckdb::memory: or \
            --schema-only, no live database is checked: only the schema file, which needs no database \
            for DuckDB. Reads only. Exit codes: 0 passed; 3 migrations pending; 7 schema file or live \
            schema differs; 1 a migration does not apply to an empty database; 5 an applied \
            migration was edited, is missing or failed. The most serious wins.
            """)

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .long, help: ArgumentHelp("The committed schema file (default: schema.sql beside the migrations folder).", valueName: "path"))
    var schema: String?

    @Flag(name: .long, help: "Do not compare a schema file.")
    var noSchemaFile = false

    @Flag(name: .long, help: "Compare only the schema file with the migrations; use --url only for its engine and server.")
    var schemaOnly = false

    @Flag(name: .long, help: "Print one JSON object.")
    var json = false

    func validate() throws {
        if schema != nil, noSchemaFile { throw ValidationError("Give --schema or --no-schema-file, not both.") }
        if schemaOnly, noSchemaFile { throw ValidationError("--schema-only compares the schema file: it cannot go with --no-schema-file.") }
    }

    /// `schema.sql` in the folder that holds the migrations folder.
    var schemaPath: String {
        if let schema { return schema }
        let dir = connection.dir as NSString
        if [".", ".."].contains(dir.lastPathComponent) {
            return connection.migrationsDirectory.standardizedFileURL.deletingLastPathComponent().appendingPathComponent("schema.sql").path
        }
        return (dir.deletingLastPathComponent as NSString).appendingPathComponent("schema.sql")
    }

    func run() async throws {
        try await reportingFailures {
            let url = try DatabaseOpener.optionalURL(connection)
            let live = !schemaOnly && url != nil && url != .duckdb(path: ":memory:")
            let configuration = MigratorConfiguration(historyTable: try connection.historyTableName(), actor: ConnectionOptions.actor)
            let migrations = try MigrationDirectory.load(from: connection.migrationsDirectory)
            let file = noSchemaFile ? nil : try readSchemaFile()
            let logger = DatabaseOpener.makeLogger(verbose: connection.verbose)
            let report = try await DatabaseOpener.withSchemaDriver(url, options: connection, scratchOnly: !live, logger: logger) { driver in
                try await SchemaCheck.run(migrations: migrations, driver: driver,
                                          options: SchemaCheck.Options(schemaFile: file, inspectsDatabase: live),
                                          configuration: configuration, logger: logger)
            }
            let database = live ? connection.databaseLabel : nil
            Console.out(json ? CheckOutput.json(report, database: database).rendered() : CheckOutput.human(report, database: database))
            if let code = CheckOutput.exitCode(report) { throw code.exitCode }
        }
    }

    private func readSchemaFile() throws(StrataError) -> SchemaFileContents {
        let path = schemaPath
        guard FileManager.default.fileExists(atPath: path) else {
            if schema != nil {
                throw StrataError(.unreadableFile, "The schema file \(path) does not exist.",
                                  remedy: "Write it with `strata dump --from-migrations --output \(path)`, or check the path.")
            }
            return SchemaFileContents(path: path, text: nil)
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw StrataError(.unreadableFile, "Cannot read the schema file \(path) as UTF-8 text.", remedy: "Check the file and its permissions.")
        }
        return SchemaFileContents(path: path, text: text)
    }
}
