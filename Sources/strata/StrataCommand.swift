import ArgumentParser
import Foundation

/// `strata`: versioned schema migrations for DuckDB and ClickHouse.
struct StrataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strata",
        abstract: "Versioned schema migrations for DuckDB and ClickHouse.",
        discussion: """
            Connect with --url (or DATABASE_URL): duckdb:data/app.duckdb, duckdb::memory:,
            clickhouse://user@host:8123/database, clickhouses://user@host:8443/database
            (a ClickHouse cluster: add ?cluster=NAME, or --cluster NAME).
            Exit codes: 0 success, 1 a migration or the database failed, 2 bad input,
            3 pending migrations (status --exit-code), 4 wrong version (ensure),
            5 history needs attention (edited, missing or failed migrations),
            6 database unavailable or locked by another process,
            7 the schema differs from what the migrations produce (check, verify),
            8 the run stopped before its end (its output could not be written, or it
            was asked to stop): the migration under way finished and is recorded.
            """,
        version: "0.1.0",
        subcommands: [
            NewCommand.self, UpCommand.self, DownCommand.self, StatusCommand.self, HistoryCommand.self,
            EnsureCommand.self, ValidateCommand.self, RepairCommand.self, BaselineCommand.self,
            LintCommand.self, DumpCommand.self, CheckCommand.self, VerifyCommand.self, UnlockCommand.self,
        ]
    )

    /// Parses the arguments and runs the command, then exits the process with the
    /// command's code once its output is written (or could not be: exit code 8 when a run
    /// stopped for it, or when everything else succeeded).
    static func runCommandLine() async -> Never {
        Console.prepare()
        var code = StrataExitCode.success.rawValue
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            code = exit.rawValue
        } catch {
            // Help and --version exit 0 and print to standard output; usage errors exit with "bad input".
            if Self.exitCode(for: error) == .success {
                Console.out(Self.fullMessage(for: error))
            } else {
                Console.error(Self.fullMessage(for: error))
                code = StrataExitCode.badInput.rawValue
            }
        }
        Console.flush()
        if code == StrataExitCode.success.rawValue, Console.failed { code = StrataExitCode.interrupted.rawValue }
        Foundation.exit(code)
    }
}
