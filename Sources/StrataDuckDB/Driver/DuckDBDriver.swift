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
    public let capabilities: DriverCapabilities = [.transactionalDDL]
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

    public func statements(in script: String) async throws -> [SQLStatement] {
        let count: Int
        do {
            count = try await connection.withSession { session in
                try session.withExtractedStatements(script) { $0.count }
            }
        } catch let error as DuckDBError {
            throw StrataError(.statementFailed, "DuckDB cannot parse this section; nothing ran.",
                              remedy: "Fix the SQL (DuckDB's message says where).", underlying: error.message)
        }
        let ours = SQLStatementSplitter.split(script)
        if ours.count == count { return ours }
        // DuckDB's parser and the splitter disagree (unusual syntax): run by DuckDB's count
        // and let DuckDB's own messages, which quote the line, say where a failure is.
        return (0..<count).map { SQLStatement(text: "", utf8Range: 0..<0, startLine: 1, index: $0 + 1) }
    }

    public func run(_ execution: ScriptExecution) async throws -> ScriptOutcome {
        try await connection.withSession { session in
            try DuckDBScriptRunner(session: session, execution: execution).run()
        }
    }
}
