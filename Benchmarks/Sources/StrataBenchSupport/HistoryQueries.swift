/// The two queries whose cost the benchmarks time one by one: the catalog lookup of the
/// history table and the read of its rows (copied from StrataDuckDB's internal
/// `DuckDBHistorySQL`, which is not visible here).
public enum HistoryQueries {
    public static let tableColumns = """
        SELECT column_name FROM duckdb_columns()
        WHERE table_name = ? AND schema_name = current_schema() AND database_name = current_database()
        """
    public static let select = """
        SELECT id, seq, version, name, description, event, checksum, rollback_sql, started_at, finished_at, execution_ms, \
        applied_by, tool_version, engine_version, error, failed_statement, note, details, format_version \
        FROM "schema_migrations" ORDER BY seq
        """
}
