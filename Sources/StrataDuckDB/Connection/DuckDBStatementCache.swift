import CDuckDB

/// Prepared statements a connection keeps for its lifetime, by SQL text, so that a
/// statement run once per migration (the history insert) is parsed and planned once per run
/// rather than every time. DuckDB re-binds a kept statement itself when the catalog changed.
///
/// Used only on the connection's thread; the connection destroys every statement before it
/// disconnects.
final class DuckDBStatementCache: @unchecked Sendable {
    // @unchecked Sendable: only touched on the owning connection's serial queue.
    private var statements: [String: duckdb_prepared_statement] = [:]

    /// The kept statement for `sql`, prepared on `connection` the first time.
    func statement(_ sql: String, on connection: duckdb_connection) throws(DuckDBError) -> duckdb_prepared_statement {
        if let kept = statements[sql] { return kept }
        let prepared = try DuckDBSession.prepare(sql, on: connection)
        statements[sql] = prepared
        return prepared
    }

    /// Drops the statement for `sql` (after it failed: the next use prepares it afresh).
    func evict(_ sql: String) {
        guard let removed = statements.removeValue(forKey: sql) else { return }
        var prepared: duckdb_prepared_statement? = removed
        duckdb_destroy_prepare(&prepared)
    }

    /// Destroys every statement; called before the connection disconnects.
    func removeAll() {
        for sql in Array(statements.keys) { evict(sql) }
    }
}
