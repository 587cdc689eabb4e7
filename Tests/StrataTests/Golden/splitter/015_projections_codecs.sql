-- 015: projections, codecs, skipping indexes and a row policy.
CREATE TABLE analytics.metrics
(
    ts        DateTime CODEC(Delta, ZSTD(1)),
    host      LowCardinality(String),
    name      LowCardinality(String),
    value     Float64 CODEC(Gorilla),
    labels    Map(String, String),
    INDEX idx_labels mapKeys(labels) TYPE bloom_filter(0.01) GRANULARITY 1,
    PROJECTION by_name (SELECT name, ts, value ORDER BY (name, ts))
)
ENGINE = MergeTree
PARTITION BY toDate(ts)
ORDER BY (host, name, ts)
TTL ts + INTERVAL 14 DAY;

ALTER TABLE analytics.metrics MATERIALIZE PROJECTION by_name;

CREATE ROW POLICY IF NOT EXISTS tenant_only ON analytics.metrics
    FOR SELECT USING labels['tenant'] = currentUser() TO ALL;
