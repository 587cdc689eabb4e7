import CDuckDB

/// A prepared statement, valid inside ``DuckDBSession/withPrepared(_:_:)``.
public struct DuckDBPreparedStatement {
    let handle: duckdb_prepared_statement
    let sql: String

    /// Binds values to the parameters, first to last.
    public func bind(_ values: [DuckDBValue]) throws(DuckDBError) {
        duckdb_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            let index = idx_t(offset + 1)
            let state: duckdb_state
            switch value {
            case .null: state = duckdb_bind_null(handle, index)
            case .bool(let v): state = duckdb_bind_boolean(handle, index, v)
            case .int(let v): state = duckdb_bind_int64(handle, index, v)
            case .double(let v): state = duckdb_bind_double(handle, index, v)
            case .text(let v):
                state = v.utf8.withContiguousStorageIfAvailable { bytes in
                    bytes.withMemoryRebound(to: CChar.self) {
                        duckdb_bind_varchar_length(handle, index, $0.baseAddress, idx_t($0.count))
                    }
                } ?? duckdb_bind_varchar(handle, index, v)
            case .blob(let v): state = v.withUnsafeBytes { duckdb_bind_blob(handle, index, $0.baseAddress, idx_t($0.count)) }
            case .timestamp(let v): state = duckdb_bind_timestamp(handle, index, duckdb_timestamp(micros: v))
            case .date(let v): state = duckdb_bind_date(handle, index, duckdb_date(days: v))
            }
            if state != DuckDBSuccess {
                let detail = duckdb_prepare_error(handle).map { String(cString: $0) } ?? "parameter \(index) was refused"
                throw DuckDBError(message: "Cannot bind parameter \(index): \(detail)", sql: sql)
            }
        }
    }

    /// Runs the statement and returns its rows.
    public func query() throws(DuckDBError) -> DuckDBRows {
        var result = duckdb_result()
        defer { duckdb_destroy_result(&result) }
        if duckdb_execute_prepared(handle, &result) != DuckDBSuccess {
            throw DuckDBSession.error(of: &result, sql: sql)
        }
        return try DuckDBResultReader.read(result, sql: sql)
    }

    /// Runs the statement, ignoring any rows.
    public func execute() throws(DuckDBError) {
        var result = duckdb_result()
        defer { duckdb_destroy_result(&result) }
        if duckdb_execute_prepared(handle, &result) != DuckDBSuccess {
            throw DuckDBSession.error(of: &result, sql: sql)
        }
    }
}

/// Statements split by DuckDB's parser, valid inside ``DuckDBSession/withExtractedStatements(_:_:)``.
public struct DuckDBExtractedStatements {
    let connection: duckdb_connection
    let handle: duckdb_extracted_statements
    /// How many statements the script holds.
    public let count: Int
    let script: String

    /// Prepares statement `index` (0-based) for the duration of `body`.
    public func withPrepared<T>(_ index: Int, _ body: (DuckDBPreparedStatement, DuckDBStatementKind) throws -> T) throws -> T {
        var prepared: duckdb_prepared_statement?
        defer { duckdb_destroy_prepare(&prepared) }
        let state = duckdb_prepare_extracted_statement(connection, handle, idx_t(index), &prepared)
        if state != DuckDBSuccess {
            let message = prepared.flatMap { duckdb_prepare_error($0) }.map { String(cString: $0) } ?? "could not prepare statement \(index + 1)"
            throw DuckDBError(message: message)
        }
        guard let prepared else { throw DuckDBError(message: "DuckDB returned no prepared statement") }
        let kind = DuckDBStatementKind(duckdb_prepared_statement_type(prepared))
        return try body(DuckDBPreparedStatement(handle: prepared, sql: ""), kind)
    }
}

/// What kind of statement DuckDB parsed, where the tool needs to know.
public enum DuckDBStatementKind: Sendable, Hashable {
    /// BEGIN, COMMIT, ROLLBACK.
    case transaction
    /// USE, SET, RESET, SET VARIABLE, PRAGMA: they change the session, not the schema.
    case sessionState
    case other

    init(_ type: duckdb_statement_type) {
        switch type {
        case DUCKDB_STATEMENT_TYPE_TRANSACTION: self = .transaction
        case DUCKDB_STATEMENT_TYPE_SET, DUCKDB_STATEMENT_TYPE_VARIABLE_SET, DUCKDB_STATEMENT_TYPE_PRAGMA: self = .sessionState
        default: self = .other
        }
    }
}
