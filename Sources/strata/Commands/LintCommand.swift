import ArgumentParser
import Foundation
import Strata

struct LintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check migration files for the engine before anything runs: dialect, destructive changes, missing down sections.",
        discussion: """
            The engine comes from --engine, else from --url / DATABASE_URL, else DuckDB. With a database, lint also knows which
            files are applied (their findings do not fail the run: they cannot change) and, on ClickHouse, the server's version.
            Exits 2 when a pending file has an error (or a warning, with --strict).
            --fix rewrites files that were never applied (it needs the database to know which), showing the difference.
            """)

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .long, help: ArgumentHelp("Lint for this engine: duckdb or clickhouse.", valueName: "engine"))
    var engine: String?

    @Flag(name: .long, help: "Rewrite what can be fixed in files that were never applied.")
    var fix = false

    @Flag(name: .long, help: "Warnings fail the run too.")
    var strict = false

    @Flag(name: .long, help: "Print the findings as JSON.")
    var json = false

    func run() async throws {
        try await reportingFailures {
            let url = try lintURL()
            let engine = try lintEngine(url: url)
            let migrations = try MigrationDirectory.load(from: connection.migrationsDirectory).migrations(for: engine)
            var context = LintContext(engine: engine)
            var applied: Set<MigrationVersion>?
            if let url {
                let facts = try await DatabaseOpener.withDriver(url, options: connection, access: .readOnly,
                                                                logger: DatabaseOpener.makeLogger(verbose: connection.verbose)) { driver in
                    (try await driver.serverVersion(), HistoryState(events: try await driver.readHistory(try connection.historyTableName())))
                }
                context.serverVersion = facts.0
                applied = Set(facts.1.migrations.values.filter { $0.isApplied || $0.failure != nil }.map(\.version))
            }
            if fix {
                guard let applied else {
                    throw StrataError(.invalidArgument, "lint --fix needs the database, to leave applied files alone.",
                                      remedy: "Pass --url (or set DATABASE_URL); for a project without a database yet, --url duckdb::memory: treats every file as never applied.")
                }
                try fixFiles(migrations, applied: applied, context: context)
            }
            let reloaded = fix ? try MigrationDirectory.load(from: connection.migrationsDirectory).migrations(for: engine) : migrations
            let findings = Linter.lint(reloaded, context: context)
            let appliedVersions = applied ?? []
            let fileVersions = Dictionary(reloaded.map { ($0.fileName, $0.version) }, uniquingKeysWith: { a, _ in a })
            func isApplied(_ finding: LintFinding) -> Bool { fileVersions[finding.location.file].map(appliedVersions.contains) ?? false }
            LintOutput.print(findings, applied: isApplied, engine: engine, json: json)
            let failing = findings.filter { !isApplied($0) && ($0.severity == .error || (strict && $0.severity == .warning)) }
            if !failing.isEmpty { throw StrataExitCode.badInput.exitCode }
        }
    }

    private func lintURL() throws(StrataError) -> DatabaseURL? {
        guard connection.url != nil || ProcessInfo.processInfo.environment["DATABASE_URL"] != nil else { return nil }
        return try connection.databaseURL()
    }

    private func lintEngine(url: DatabaseURL?) throws(StrataError) -> DatabaseEngine {
        if let engine {
            guard let chosen = DatabaseEngine(rawValue: engine.lowercased()) else {
                throw StrataError(.invalidArgument, "--engine \(engine) is not an engine.", remedy: "Use --engine duckdb or --engine clickhouse.")
            }
            return chosen
        }
        return url?.engine ?? .duckdb
    }

    private func fixFiles(_ migrations: [Migration], applied: Set<MigrationVersion>, context: LintContext) throws {
        func path(_ fileName: String) -> String { connection.migrationsDirectory.appendingPathComponent(fileName).path }
        let fixes = try Linter.fixes(migrations, context: context, where: { !applied.contains($0.version) },
                                     fileBytes: { FileManager.default.contents(atPath: path($0.fileName)).map(Array.init) })
        for result in fixes {
            try Data(result.fixed.utf8).write(to: URL(fileURLWithPath: path(result.fileName)), options: .atomic)
            if !json {
                Console.out("Fixed \(result.fileName) (\(Formatting.plural(result.findings.count, "finding"))):")
                for line in result.difference { Console.out("  \(line)") }
            }
        }
    }
}
