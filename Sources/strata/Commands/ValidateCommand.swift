import ArgumentParser
import Strata

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Compare every applied migration's recorded checksum with its file; report missing files and unknown history rows.",
        discussion: "Exits 5 when an applied migration was edited or is missing, or a migration failed. Reads only.")

    @OptionGroup var connection: ConnectionOptions

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    func run() async throws {
        try await reportingFailures {
            let report = try await DatabaseOpener.withMigrator(connection, access: .readOnly) { migrator in
                ValidationReport.validate(migrations: migrator.migrations, history: try await migrator.historyState())
            }
            if json {
                func rows(_ list: [MigrationStatus]) -> JSONValue { .array(list.map(StatusOutput.row)) }
                Console.out(JSONValue.object([
                    ("valid", .bool(report.isValid)),
                    ("matching", .int(Int64(report.matching))),
                    ("modified", rows(report.modified)),
                    ("missing", rows(report.missing)),
                    ("failed", rows(report.failed)),
                    ("unknown_rows", .array(report.unknownRows.map { .object([("version", .int($0.version.value)), ("name", .string($0.name)), ("last_event", .string($0.lastEvent.kind.rawValue))]) })),
                ]).rendered())
            } else {
                for row in report.modified + report.missing + report.failed { Console.out(StatusOutput.advice(row)) }
                for row in report.unknownRows {
                    Console.out("version \(row.version) (\(row.name)): in history (last event \(row.lastEvent.kind.rawValue)) but in no file; not applied, nothing to do.")
                }
                Console.out(report.isValid
                    ? "Valid: \(Formatting.plural(report.matching, "applied migration")) match their files."
                    : "Not valid: \(report.modified.count) modified, \(report.missing.count) missing, \(report.failed.count) failed; \(report.matching) match.")
            }
            if !report.isValid { throw StrataExitCode.needsAttention.exitCode }
        }
    }
}
