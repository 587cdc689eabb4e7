import Strata
import Testing
@testable import StrataClickHouse

@Suite("ClickHouse canonical definitions")
struct ClickHouseDefinitionTests {
    @Test("18.16's one-line CREATE TABLE becomes one column and one clause per line, without the database name")
    func table18() {
        let query = "CREATE TABLE analytics.events ( id UInt64,  kind String DEFAULT 'analytics.x' COMMENT 'it\\'s',  ts DateTime) ENGINE = MergeTree PARTITION BY toYYYYMM(ts) PRIMARY KEY id ORDER BY (id, kind) SAMPLE BY id SETTINGS index_granularity = 4096"
        #expect(ClickHouseDefinition.canonical(query, database: "analytics") == """
            CREATE TABLE events
            (
                id UInt64,
                kind String DEFAULT 'analytics.x' COMMENT 'it\\'s',
                ts DateTime
            )
            ENGINE = MergeTree
            PARTITION BY toYYYYMM(ts)
            PRIMARY KEY id
            ORDER BY (id, kind)
            SAMPLE BY id
            SETTINGS index_granularity = 4096
            """)
    }

    @Test("a modern server's multi-line text with back-quoted names, indexes and TTL gets the same layout")
    func tableModern() {
        let query = """
            CREATE TABLE `analytics`.events
            (
                `id` UInt64,
                `ts` DateTime CODEC(Delta(4), ZSTD(1)),
                INDEX by_ts ts TYPE minmax GRANULARITY 4
            )
            ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/events', '{replica}')
            ORDER BY id
            TTL ts + toIntervalDay(30)
            SETTINGS index_granularity = 8192
            COMMENT 'raw events'
            """
        #expect(ClickHouseDefinition.canonical(query, database: "analytics") == """
            CREATE TABLE events
            (
                `id` UInt64,
                `ts` DateTime CODEC(Delta(4), ZSTD(1)),
                INDEX by_ts ts TYPE minmax GRANULARITY 4
            )
            ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/events', '{replica}')
            ORDER BY id
            TTL ts + toIntervalDay(30)
            SETTINGS index_granularity = 8192
            COMMENT 'raw events'
            """)
    }

    @Test("a materialized view keeps its query on one line after AS, and names of other databases stay qualified")
    func materializedView() {
        let query = "CREATE MATERIALIZED VIEW a.mv TO a.totals ( kind String,  n UInt64) AS SELECT kind, count() AS n FROM a.events  INNER JOIN other.kinds USING (kind) GROUP BY kind ORDER BY kind"
        #expect(ClickHouseDefinition.canonical(query, database: "a") == """
            CREATE MATERIALIZED VIEW mv TO totals
            (
                kind String,
                n UInt64
            )
            AS SELECT kind, count() AS n FROM events INNER JOIN other.kinds USING (kind) GROUP BY kind ORDER BY kind
            """)
    }

    @Test("a table without columns in parentheses (engine only) and a dictionary are laid out by clause")
    func dictionary() {
        #expect(ClickHouseDefinition.canonical("CREATE TABLE d.l ( s String) ENGINE = Log", database: "d") == "CREATE TABLE l\n(\n    s String\n)\nENGINE = Log")
        let dictionary = "CREATE DICTIONARY d.names (`id` UInt64, `name` String) PRIMARY KEY id SOURCE(CLICKHOUSE(TABLE 'names_source')) LIFETIME(MIN 0 MAX 300) LAYOUT(FLAT())"
        #expect(ClickHouseDefinition.canonical(dictionary, database: "d") == """
            CREATE DICTIONARY names
            (
                `id` UInt64,
                `name` String
            )
            PRIMARY KEY id
            SOURCE(CLICKHOUSE(TABLE 'names_source'))
            LIFETIME(MIN 0 MAX 300)
            LAYOUT(FLAT())
            """)
    }

    @Test("the hidden tables of materialized views, the history table and its view are not objects of the dump")
    func kinds() {
        let history = HistoryTable.default
        #expect(ClickHouseSchemaSQL.kind(name: ".inner.mv", engine: "MergeTree", createQuery: "CREATE TABLE x", excluding: history) == nil)
        #expect(ClickHouseSchemaSQL.kind(name: "schema_migrations", engine: "MergeTree", createQuery: "CREATE TABLE x", excluding: history) == nil)
        #expect(ClickHouseSchemaSQL.kind(name: "current_schema_version", engine: "View", createQuery: "CREATE VIEW x", excluding: history) == nil)
        #expect(ClickHouseSchemaSQL.kind(name: "v", engine: "View", createQuery: "CREATE VIEW v", excluding: history) == .view)
        #expect(ClickHouseSchemaSQL.kind(name: "mv", engine: "MaterializedView", createQuery: "", excluding: history) == .materializedView)
        #expect(ClickHouseSchemaSQL.kind(name: "d", engine: "Dictionary", createQuery: "CREATE DICTIONARY d", excluding: history) == .dictionary)
        #expect(ClickHouseSchemaSQL.kind(name: "t", engine: "ReplacingMergeTree", createQuery: "CREATE TABLE t", excluding: history) == .table)
    }
}
