import Foundation
import Strata

/// Strata's driver for DuckDB, over the C API.
///
/// Each migration runs in one transaction with its history row: after a crash the
/// database is before or after the migration, never between. Scripts are split by
/// DuckDB's own parser.
///
/// ```swift
/// try await DuckDBDriver.withDriver(path: "data/app.duckdb") { driver in
///     let migrator = Migrator(driver: driver, migrations: migrations, logger: logger)
///     try await migrator.migrate()
/// }
/// ```
public final class DuckDBDriver: MigrationDriver {
    public let engine = DatabaseEngine.duckdb
    public let capabilities: DriverCapabilities = [.transactionalDDL, .storedSummary]
    /// The connection the driver runs on; an application may share it.
    public let connection: DuckDBConnection

    /// Uses an open connection (for applications that already have the database open:
    /// DuckDB allows one writing process per file, so migrate through the same database).
    public init(connection: DuckDBConnection) {
        self.connection = connection
    }

    /// Opens `path` (a file, or `:memory:`) for the duration of `body`.
    ///
    /// - Throws: ``StrataError/Code/databaseLocked`` naming the process that holds the file,
    ///   or ``StrataError/Code/databaseUnavailable`` with DuckDB's message.
    public static func withDriver<T>(
        path: String, options: DuckDBOpenOptions = DuckDBOpenOptions(),
        isolation: isolated (any Actor)? = #isolation, _ body: (DuckDBDriver) async throws -> T
    ) async throws -> T {
        let database: (DuckDBDatabase) async throws -> T = { database in
            try await database.withConnection { connection in try await body(DuckDBDriver(connection: connection)) }
        }
        do {
            return try await DuckDBDatabase.withDatabase(path: path, options: options, database)
        } catch let error as DuckDBError where error.openingPath != nil {
            throw DuckDBOpenFailure(path: path, message: error.message).strataError
        }
    }

    public func serverVersion() async throws -> String {
        DuckDBDatabase.libraryVersion
    }

    /// The statements as Strata's splitter sees them. DuckDB parses a section once, when it
    /// runs it (its parser is a large share of what a migration costs); the runner names a
    /// failed statement by these only when DuckDB found as many, and otherwise by its index
    /// and DuckDB's message, which quotes the statement.
    public func statements(in script: String) async throws -> [SQLStatement] {
        SQLStatementSplitter.split(script, syntax: .duckDB)
    }

    public func checkParses(_ script: String) async throws {
        try await connection.withSession { session in
            do {
                try session.withExtractedStatements(script) { _ in }
            } catch let error as DuckDBError where error.isParseFailure {
                throw DuckDBScriptRunner.parseFailure(error)
            }
        }
    }

    public func run(_ execution: ScriptExecution) async throws -> ScriptOutcome {
        try await connection.withSession { session in
            try DuckDBScriptRunner(session: session, execution: execution).run()
        }
    }
}
