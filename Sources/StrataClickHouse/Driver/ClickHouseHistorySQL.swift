import Foundation
import Strata

/// The SQL text of the history table on ClickHouse. Pure: names and events in, SQL out;
/// every name and value goes through ``ClickHouseLiteral``.
///
/// The table has the same logical columns as on DuckDB. It is a plain `MergeTree` on one
/// server, and on a cluster a `ReplicatedMergeTree` created `ON CLUSTER` with one ZooKeeper
/// path for every node (``ClickHouseTopology``); ordered by `(version, seq)`, written only by
/// `INSERT` (never `ALTER ... UPDATE/DELETE` mutations). The layout works on 18.16 and on
/// current servers: no `DateTime64`, no `LowCardinality`, no table comment. Times are
/// `Nullable(DateTime('UTC'))`, to the second; `seq` (microseconds since 1970, unique per
/// event) orders events exactly, and with the random `id` makes every event's row unique,
/// so that a replicated table's insert deduplication never drops one.
enum ClickHouseHistorySQL {
    /// Column names, in the order of ``insert(_:into:database:)``'s values and ``select(_:database:)``'s columns.
    static let columns = [
        "id", "seq", "version", "name", "description", "event", "checksum", "rollback_sql", "started_at",
        "finished_at", "execution_ms", "applied_by", "tool_version", "engine_version", "error", "failed_statement",
        "note", "details", "format_version",
    ]

    static func createTable(_ table: HistoryTable, database: String, topology: ClickHouseTopology = .server) -> String {
        """
        CREATE TABLE IF NOT EXISTS \(ClickHouseLiteral.qualified(database, table.name))\(topology.onCluster) (
            id String,
            seq Int64,
            version Int64,
            name String,
            description Nullable(String),
            event String,
            checksum Nullable(String),
            rollback_sql Nullable(String),
            started_at Nullable(DateTime('UTC')),
            finished_at Nullable(DateTime('UTC')),
            execution_ms Nullable(Float64),
            applied_by String,
            tool_version String,
            engine_version String,
            error Nullable(String),
            failed_statement Nullable(Int32),
            note Nullable(String),
            details Nullable(String),
            format_version Int32
        ) ENGINE = \(topology.engine(database: database, table: table.name)) ORDER BY (version, seq)
        """
    }

    /// The view of the current version: one row, `NULL` when nothing is applied.
    ///
    /// `max` over no rows gives 0 on ClickHouse (not `NULL`), so the view takes the maximum
    /// of `toNullable(version)`, which is `NULL` over no rows. A version counts when its
    /// latest event (by `seq`) leaves it applied.
    static func createView(_ table: HistoryTable, database: String, topology: ClickHouseTopology = .server) -> String {
        let applying = ClickHouseLiteral.stringList(HistoryEventKind.applyingEvents.map(\.rawValue))
        return """
        CREATE VIEW IF NOT EXISTS \(ClickHouseLiteral.qualified(database, table.viewName))\(topology.onCluster) AS
        SELECT max(toNullable(version)) AS version
        FROM (
            SELECT version, argMax(event, seq) AS last_event
            FROM \(ClickHouseLiteral.qualified(database, table.name))
            GROUP BY version
        )
        WHERE last_event IN \(applying)
        """
    }

    /// Every event, oldest first; times as Unix seconds.
    static func select(_ table: HistoryTable, database: String) -> String {
        let expressions = columns.map { column in
            column == "started_at" || column == "finished_at" ? "toUnixTimestamp(\(column)) AS \(column)_unix" : column
        }
        return "SELECT \(expressions.joined(separator: ", ")) FROM \(ClickHouseLiteral.qualified(database, table.name)) ORDER BY seq"
    }

    /// One event as one `INSERT ... VALUES` row.
    static func insert(_ event: HistoryEvent, into table: HistoryTable, database: String) -> String {
        insert([event], into: table, database: database)
    }

    /// One INSERT of several events, in order.
    static func insert(_ events: [HistoryEvent], into table: HistoryTable, database: String) -> String {
        let rows = events.map { "(" + values(of: $0).joined(separator: ", ") + ")" }
        return "INSERT INTO \(ClickHouseLiteral.qualified(database, table.name)) (\(columns.joined(separator: ", "))) VALUES \(rows.joined(separator: ", "))"
    }

    private static func values(of event: HistoryEvent) -> [String] {
        [
            ClickHouseLiteral.string(event.id),
            ClickHouseLiteral.integer(event.sequence),
            ClickHouseLiteral.integer(event.version.value),
            ClickHouseLiteral.string(event.name),
            ClickHouseLiteral.string(event.description),
            ClickHouseLiteral.string(event.kind.rawValue),
            ClickHouseLiteral.string(event.checksum?.hex),
            ClickHouseLiteral.string(event.rollbackSQL),
            ClickHouseLiteral.string(event.startedAt.flatMap(dateTimeText)),
            ClickHouseLiteral.string(event.finishedAt.flatMap(dateTimeText)),
            ClickHouseLiteral.float(event.executionMilliseconds),
            ClickHouseLiteral.string(event.appliedBy),
            ClickHouseLiteral.string(event.toolVersion),
            ClickHouseLiteral.string(event.engineVersion),
            ClickHouseLiteral.string(event.error),
            ClickHouseLiteral.integer(event.failedStatement),
            ClickHouseLiteral.string(event.note),
            ClickHouseLiteral.string(event.details),
            ClickHouseLiteral.integer(event.formatVersion),
        ]
    }

    /// The columns of the history table and of its view, as rows of (table, column);
    /// no rows for an object that does not exist.
    static func existingColumns(_ table: HistoryTable, database: String) -> String {
        """
        SELECT table, name FROM system.columns
        WHERE database = \(ClickHouseLiteral.string(database)) AND table IN \(ClickHouseLiteral.stringList([table.name, table.viewName]))
        """
    }

    /// The engine of the history table: one row, none when it does not exist.
    static func engine(_ table: HistoryTable, database: String) -> String {
        """
        SELECT engine FROM system.tables
        WHERE database = \(ClickHouseLiteral.string(database)) AND name = \(ClickHouseLiteral.string(table.name))
        """
    }

    static func maxFormatVersion(_ table: HistoryTable, database: String) -> String {
        "SELECT max(format_version) FROM \(ClickHouseLiteral.qualified(database, table.name))"
    }

    /// `YYYY-MM-DD hh:mm:ss` in UTC, whole seconds (rounded down), as a `DateTime('UTC')`
    /// column reads it; `nil` outside the range of `DateTime` (1970 to 2106).
    static func dateTimeText(_ date: Date) -> String? {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard seconds >= 0, seconds <= Double(UInt32.max) else { return nil }
        let total = Int64(seconds)
        let (days, secondOfDay) = total.quotientAndRemainder(dividingBy: 86_400)
        let (year, month, day) = UTCTime.civilDate(daysSince1970: days)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day)) \(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))"
    }
}
