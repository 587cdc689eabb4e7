/*
 * 002: hourly rollup of events.
 * The view writes into a separate AggregatingMergeTree table; see
 * https://clickhouse.com/docs/en/guides/developer/cascading-materialized-views
 * Note: don't POPULATE; backfill with INSERT ... SELECT instead.
 */
CREATE TABLE analytics.events_hourly
(
    tenant_id   UInt32,
    hour        DateTime,
    events      AggregateFunction(count),
    revenue     AggregateFunction(sum, Decimal(18, 4)),
    uniq_types  AggregateFunction(uniq, LowCardinality(String))
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (tenant_id, hour);

CREATE MATERIALIZED VIEW analytics.events_hourly_mv
TO analytics.events_hourly
AS
SELECT
    tenant_id,
    toStartOfHour(occurred_at) AS hour,
    countState()               AS events,
    sumState(amount)           AS revenue,   -- Decimal keeps cents exact
    uniqState(event_type)      AS uniq_types
FROM analytics.events
WHERE event_type != 'heartbeat' /* ignore pings; they are 80% of traffic */
GROUP BY tenant_id, hour;

-- Backfill what arrived before the view existed.
INSERT INTO analytics.events_hourly
SELECT tenant_id, toStartOfHour(occurred_at), countState(), sumState(amount), uniqState(event_type)
FROM analytics.events
WHERE occurred_at < now() - INTERVAL 1 HOUR
GROUP BY tenant_id, toStartOfHour(occurred_at);
