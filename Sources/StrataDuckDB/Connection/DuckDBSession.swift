import CDuckDB

/// Synchronous access to one DuckDB connection.
///
/// A session exists only inside ``DuckDBConnection/withSession(_:)``, on the connection's
/// own thread: every call here blocks, and none of them runs on Swift's cooperative pool.
/// Do not keep a session beyond the closure that received it.
public struct DuckDBSession {
    let handle: duckdb_connection
    let cache: DuckDBStatementCache

    /// Runs SQL without parameters and without reading rows. A script of several
    /// statements runs them all.
    public func execute(_ sql: String) throws(DuckDBError) {
        var result = duckdb_result()
        defer { duckdb_destroy_result(&result) }
        if duckdb_query(handle, sql, &result) != DuckDBSuccess {
            throw Self.error(of: &result, sql: sql)
        }
    }

    /// Runs one statement with bound parameters (`?` or `$1`) and returns its rows.
    ///
    /// ```swift
    /// let rows = try session.query("SELECT name FROM prices WHERE symbol = ?", ["ACME"])
    /// ```
    public func query(_ sql: String, _ parameters: [DuckDBValue] = []) throws(DuckDBError) -> DuckDBRows {
        if parameters.isEmpty {
            var result = duckdb_result()
            defer { duckdb_destroy_result(&result) }
            if duckdb_query(handle, sql, &result) != DuckDBSuccess {
                throw Self.error(of: &result, sql: sql)
            }
            return try DuckDBResultReader.read(result, sql: sql)
        }
        do {
            return try withPrepared(sql) { statement in
                try statement.bind(parameters)
                return try statement.query()
            }
        } catch let error as DuckDBError {
            throw error
        } catch {
            throw DuckDBError(message: "\(error)", sql: sql)
        }
    }

    /// Prepares a statement for the duration of `body`.
    public func withPrepared<T>(_ sql: String, _ body: (DuckDBPreparedStatement) throws -> T) throws -> T {
        let statement = try Self.prepare(sql, on: handle)
        defer {
            var owned: duckdb_prepared_statement? = statement
            duckdb_destroy_prepare(&owned)
        }
        return try body(DuckDBPreparedStatement(handle: statement, sql: sql))
    }

    /// Prepares `sql` on `connection`; the caller destroys the statement.
    static func prepare(_ sql: String, on connection: duckdb_connection) throws(DuckDBError) -> duckdb_prepared_statement {
        var prepared: duckdb_prepared_statement?
        if duckdb_prepare(connection, sql, &prepared) != DuckDBSuccess {
            let message = prepared.flatMap { duckdb_prepare_error($0) }.map { String(cString: $0) } ?? "could not prepare the statement"
            duckdb_destroy_prepare(&prepared)
            throw DuckDBError(message: message, sql: sql)
        }
        guard let prepared else { throw DuckDBError(message: "DuckDB returned no prepared statement", sql: sql) }
        return prepared
    }

    /// Runs `body` with a statement the connection keeps prepared for its lifetime: for a
    /// statement run many times (once per migration), which DuckDB then parses and plans
    /// once. A statement whose use failed is dropped and prepared afresh next time.
    public func withKeptPrepared<T>(_ sql: String, _ body: (DuckDBPreparedStatement) throws -> T) throws -> T {
        let statement = try cache.statement(sql, on: handle)
        do {
            return try body(DuckDBPreparedStatement(handle: statement, sql: sql))
        } catch {
            cache.evict(sql)
            throw error
        }
    }

    /// Splits a script with DuckDB's own parser, for the duration of `body`.
    ///
    /// - Throws: the parser's message when the script does not parse.
    public func withExtractedStatements<T>(
        _ script: String, _ body: (DuckDBExtractedStatements) throws -> T
    ) throws -> T {
        // DuckDB takes the script as a C string: it would stop at a NUL and skip the rest.
        if script.utf8.contains(0) {
            throw DuckDBError(message: "The script holds a NUL byte; DuckDB would stop reading it there and skip the rest.",
                              sql: script, category: .parser)
        }
        var extracted: duckdb_extracted_statements?
        defer { duckdb_destroy_extracted(&extracted) }
        let count = duckdb_extract_statements(handle, script, &extracted)
        guard let extracted else { throw DuckDBError(message: "DuckDB could not split the script", sql: script, category: .parser) }
        if count == 0, let error = duckdb_extract_statements_error(extracted) {
            throw DuckDBError(message: String(cString: error), sql: script, category: .parser)
        }
        return try body(DuckDBExtractedStatements(connection: handle, handle: extracted, count: Int(count), script: script))
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN TRANSACTION")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    static func error(of result: inout duckdb_result, sql: String) -> DuckDBError {
        let category: DuckDBError.Category = switch duckdb_result_error_type(&result) {
        case DUCKDB_ERROR_CATALOG: .catalog
        case DUCKDB_ERROR_BINDER: .binder
        default: .other
        }
        return DuckDBError(message: message(of: &result), sql: sql, category: category)
    }

    static func message(of result: inout duckdb_result) -> String {
        duckdb_result_error(&result).map { String(cString: $0) } ?? "DuckDB reported an error without a message"
    }
}
