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

    /// The newest format version, selected through every column Strata needs, so that a
    /// table that lacks one fails to bind.
    static func maxFormatVersion(_ table: HistoryTable) -> String {
        "SELECT max(format_version) FROM (SELECT \(columns.joined(separator: ", ")) FROM \(quoted(table.name))) AS history"
    }

    /// One row: the current version, how many versions are failed or interrupted, the MD5
    /// of `version:checksum` of every applied version in version order (``HistorySummary``),
    /// and the newest format version. Folds events the way ``HistoryState`` does: the latest
    /// event of a version decides; the applied checksum is that of the latest applying
    /// event that carries one since the version was last rolled back or forgotten.
    static func summary(_ table: HistoryTable) -> String {
        let applying = HistoryEventKind.applyingEvents.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        // Events after which a version holds no checksum until it is applied again.
        let resets = [HistoryEventKind.rolledBack, .markedRolledBack, .forgotten].map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let unsettled = [HistoryEventKind.started, .rollbackStarted, .failed, .rollbackFailed].map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return """
            SELECT max(version) FILTER (WHERE last_event IN (\(applying))),
                   count(*) FILTER (WHERE last_event IN (\(unsettled))),
                   md5(string_agg(version::VARCHAR || ':' || coalesce(checksum, ''), ',' ORDER BY version)
                       FILTER (WHERE last_event IN (\(applying)))),
                   max(newest_format)
            FROM (
                SELECT version, arg_max(event, seq) AS last_event,
                       arg_max(checksum, seq) FILTER (WHERE event IN (\(applying)) AND checksum IS NOT NULL AND seq > reset_seq) AS checksum,
                       max(format_version) AS newest_format
                FROM (
                    SELECT version, seq, event, checksum, format_version,
                           coalesce(max(CASE WHEN event IN (\(resets)) THEN seq END) OVER (PARTITION BY version), 0) AS reset_seq
                    FROM \(quoted(table.name))
                ) AS events
                GROUP BY version
            ) AS latest
            """
    }

    /// Columns of the summary table (``HistoryTable/stateName``), in the order of
    /// ``insertState(_:)``'s parameters and ``selectState(_:)``'s columns.
    static let stateColumns = ["current_version", "unsettled", "applied_digest", "newest_format"]

    /// The summary table: one row holding the ``HistorySummary``, none while it is unknown.
    static func createState(_ table: HistoryTable) -> String {
        """
        CREATE TABLE \(quoted(table.stateName)) (
            current_version BIGINT,
            unsettled BIGINT NOT NULL,
            applied_digest VARCHAR,
            newest_format INTEGER NOT NULL
        )
        """
    }

    static func selectState(_ table: HistoryTable) -> String {
        "SELECT \(stateColumns.joined(separator: ", ")) FROM \(quoted(table.stateName))"
    }

    static func clearState(_ table: HistoryTable) -> String {
        "DELETE FROM \(quoted(table.stateName))"
    }

    static func insertState(_ table: HistoryTable) -> String {
        "INSERT INTO \(quoted(table.stateName)) (\(stateColumns.joined(separator: ", "))) VALUES (?, ?, ?, ?)"
    }

    /// A double-quoted identifier, with embedded quotes doubled.
    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
