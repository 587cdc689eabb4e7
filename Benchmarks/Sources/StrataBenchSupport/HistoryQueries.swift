/// The queries whose cost the benchmarks time one by one (copied from StrataDuckDB's
/// internal `DuckDBHistorySQL`, which is not visible here): the summary row `ensure` reads,
/// and the read of every history row that `status` and `up` make.
public enum HistoryQueries {
    public static let summaryRow = """
        SELECT current_version, unsettled, applied_digest, newest_format FROM "schema_migrations_state"
        """
    public static let select = """
        SELECT id, seq, version, name, description, event, checksum, rollback_sql, started_at, finished_at, execution_ms, \
        applied_by, tool_version, engine_version, error, failed_statement, note, details, format_version \
        FROM "schema_migrations" ORDER BY seq
        """
}
