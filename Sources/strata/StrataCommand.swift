import ArgumentParser

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
            7 the schema differs from what the migrations produce (check, verify).
            """,
        version: "0.1.0",
        subcommands: [
            NewCommand.self, UpCommand.self, DownCommand.self, StatusCommand.self, HistoryCommand.self,
            EnsureCommand.self, ValidateCommand.self, RepairCommand.self, BaselineCommand.self,
            LintCommand.self, DumpCommand.self, CheckCommand.self, VerifyCommand.self, UnlockCommand.self,
        ]
    )

    /// Parses the arguments and runs the command; exits the process when it fails (or
    /// prints help or the version).
    static func runCommandLine() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Self.exit(withError: exit)
        } catch {
            // Help and --version exit 0; usage errors exit with "bad input".
            if Self.exitCode(for: error) == .success {
                Self.exit(withError: error)
            }
            Console.error(Self.fullMessage(for: error))
            Self.exit(withError: StrataExitCode.badInput.exitCode)
        }
    }
}
