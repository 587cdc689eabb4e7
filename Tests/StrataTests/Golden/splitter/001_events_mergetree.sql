-- 001: raw events, partitioned by month, kept for 90 days.
-- Author: data platform; reviewed 2024-05-02.

CREATE DATABASE IF NOT EXISTS analytics;

CREATE TABLE IF NOT EXISTS analytics.events
(
    `event_id`    UUID DEFAULT generateUUIDv4(),
    `tenant_id`   UInt32,
    `event_type`  LowCardinality(String),
    `occurred_at` DateTime64(3, 'UTC'),
    `payload`     String CODEC(ZSTD(3)),   -- raw JSON; may contain ';'
    `amount`      Decimal(18, 4) DEFAULT 0
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (tenant_id, event_type, occurred_at)
TTL toDateTime(occurred_at) + INTERVAL 90 DAY DELETE
SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1;

ALTER TABLE analytics.events
    ADD INDEX idx_event_type event_type TYPE set(100) GRANULARITY 4;
