/// The SQL of one benchmark migration: the "realistic analytics shape" of issue 7.
///
/// Each migration creates a table of ten columns, adds an eleventh with
/// `ALTER TABLE ... ADD COLUMN`, creates a view over it, and inserts 100 rows; its down
/// section drops the view and the table. Pure: the same number gives the same text, so a
/// generated folder is the same on every machine and in every run.
public enum MigrationShape {
    /// Rows inserted by each migration.
    public static let rowsPerMigration = 100

    /// The file name of migration `number` (1-based) in a folder of `total`.
    public static func fileName(_ number: Int, total: Int) -> String {
        "\(padded(number, total: total))_events_\(padded(number, total: total)).sql"
    }

    /// The inserted rows of migration `number`, the same on both engines but for how a
    /// timestamp literal starts (DuckDB: `TIMESTAMP '...'`; ClickHouse: a plain string).
    static func valueRows(_ number: Int, timestampPrefix: String) -> [String] {
        var rows: [String] = []
        rows.reserveCapacity(rowsPerMigration)
        for row in 1...rowsPerMigration {
            let seconds = (number * 7919 + row * 104_729) % 86_400
            rows.append(
                "(\(row), \(timestampPrefix)'2026-01-\(String(format2: 1 + row % 28)) \(clock(seconds))', \(1_000 + (number * row) % 9_973), "
                    + "'s\(number)-\(row % 17)', '\(eventTypes[row % eventTypes.count])', '/page/\(row % 23)', "
                    + "'\(referrers[row % referrers.count])', '\(countries[row % countries.count])', \(row * 37 % 5_000), "
                    + "\(row % 13).\(String(format2: row % 100)))")
        }
        return rows
    }

    /// The file's text for DuckDB.
    public static func duckDB(_ number: Int) -> String {
        let table = "events_\(number)"
        let rows = valueRows(number, timestampPrefix: "TIMESTAMP ")
        return """
            -- description: Events \(number) with a daily rollup
            -- migrate:up
            CREATE TABLE \(table) (
                id BIGINT NOT NULL,
                occurred_at TIMESTAMP NOT NULL,
                user_id BIGINT,
                session_id VARCHAR,
                event_type VARCHAR NOT NULL,
                page VARCHAR,
                referrer VARCHAR,
                country VARCHAR,
                duration_ms INTEGER,
                revenue DECIMAL(12, 2)
            );
            ALTER TABLE \(table) ADD COLUMN device VARCHAR;
            CREATE VIEW \(table)_daily AS
            SELECT date_trunc('day', occurred_at) AS day, event_type, count(*) AS events, sum(revenue) AS revenue
            FROM \(table)
            GROUP BY ALL;
            INSERT INTO \(table) (id, occurred_at, user_id, session_id, event_type, page, referrer, country, duration_ms, revenue) VALUES
            \(rows.joined(separator: ",\n"));

            -- migrate:down
            DROP VIEW \(table)_daily;
            DROP TABLE \(table);

            """
    }

    /// The file's text for ClickHouse (18.16 and newer): the same four statements.
    public static func clickHouse(_ number: Int) -> String {
        let table = "events_\(number)"
        let rows = valueRows(number, timestampPrefix: "")
        return """
            -- description: Events \(number) with a daily rollup
            -- migrate:up
            CREATE TABLE \(table) (
                id UInt64,
                occurred_at DateTime,
                user_id UInt64,
                session_id String,
                event_type String,
                page String,
                referrer String,
                country String,
                duration_ms UInt32,
                revenue Float64
            ) ENGINE = MergeTree ORDER BY (event_type, occurred_at, id);
            ALTER TABLE \(table) ADD COLUMN device String;
            CREATE VIEW \(table)_daily AS
            SELECT toDate(occurred_at) AS day, event_type, count() AS events, sum(revenue) AS revenue
            FROM \(table)
            GROUP BY day, event_type;
            INSERT INTO \(table) (id, occurred_at, user_id, session_id, event_type, page, referrer, country, duration_ms, revenue) VALUES
            \(rows.joined(separator: ",\n"));

            -- migrate:down
            DROP TABLE \(table)_daily;
            DROP TABLE \(table);

            """
    }

    /// Statements in each up section (CREATE TABLE, ALTER, CREATE VIEW, INSERT).
    public static let statementsPerMigration = 4

    static let eventTypes = ["page_view", "click", "signup", "purchase", "search", "share"]
    static let referrers = ["direct", "search", "email", "social", "partner"]
    static let countries = ["DE", "FR", "US", "GB", "JP", "BR", "IN", "CH"]

    static func padded(_ number: Int, total: Int) -> String {
        let width = max(4, String(total).count)
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    static func clock(_ seconds: Int) -> String {
        "\(String(format2: seconds / 3600)):\(String(format2: seconds / 60 % 60)):\(String(format2: seconds % 60))"
    }
}

extension String {
    /// Two digits, zero-padded.
    init(format2 value: Int) {
        self = value < 10 ? "0\(value)" : "\(value)"
    }
}
