import Strata

/// The SQL text of the history table on DuckDB. Pure: names in, SQL out.
enum DuckDBHistorySQL {
    /// Column names in the order of ``insert(_:)``'s parameters and ``select(_:)``'s columns.
    static let columns = [
        "id", "seq", "version", "name", "description", "event", "checksum", "rollback_sql", "started_at",
        "finished_at", "execution_ms", "applied_by", "tool_version", "engine_version", "error", "failed_statement",
        "note", "details", "format_version",
    ]

    static func createTable(_ table: HistoryTable) -> String {
        """
        CREATE TABLE \(quoted(table.name)) (
            id VARCHAR NOT NULL,
            seq BIGINT NOT NULL,
            version BIGINT NOT NULL,
            name VARCHAR NOT NULL,
            description VARCHAR,
            event VARCHAR NOT NULL,
            checksum VARCHAR,
            rollback_sql VARCHAR,
            started_at TIMESTAMP,
            finished_at TIMESTAMP,
            execution_ms DOUBLE,
            applied_by VARCHAR NOT NULL,
            tool_version VARCHAR NOT NULL,
            engine_version VARCHAR NOT NULL,
            error VARCHAR,
            failed_statement INTEGER,
            note VARCHAR,
            details VARCHAR,
            format_version INTEGER NOT NULL
        )
        """
    }

    static func createView(_ table: HistoryTable) -> String {
        let applying = HistoryEventKind.applyingEvents.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return """
        CREATE VIEW \(quoted(table.viewName)) AS
        SELECT max(version) AS version
        FROM (SELECT version, arg_max(event, seq) AS last_event FROM \(quoted(table.name)) GROUP BY version) AS latest
        WHERE last_event IN (\(applying))
        """
    }

    static func select(_ table: HistoryTable) -> String {
        "SELECT \(columns.joined(separator: ", ")) FROM \(quoted(table.name)) ORDER BY seq"
    }

    static func insert(_ table: HistoryTable) -> String {
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        return "INSERT INTO \(quoted(table.name)) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))"
    }

    /// Lists a table's columns in the current schema (empty when the table does not exist).
    static let tableColumns = """
        SELECT column_name FROM duckdb_columns()
        WHERE table_name = ? AND schema_name = current_schema() AND database_name = current_database()
        """

    static func maxFormatVersion(_ table: HistoryTable) -> String {
        "SELECT max(format_version) FROM \(quoted(table.name))"
    }

    /// A double-quoted identifier, with embedded quotes doubled.
    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
