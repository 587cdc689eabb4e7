-- 012: replicated tables on a cluster; macros in braces, paths full of slashes.
CREATE TABLE IF NOT EXISTS analytics.clicks_local ON CLUSTER '{cluster}'
(
    click_id   UInt64,
    url        String,
    clicked_at DateTime
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/analytics/clicks_local', '{replica}')
PARTITION BY toYYYYMMDD(clicked_at)
ORDER BY (clicked_at, click_id)
TTL clicked_at + INTERVAL 30 DAY TO VOLUME 'cold', clicked_at + INTERVAL 1 YEAR DELETE;

CREATE TABLE IF NOT EXISTS analytics.clicks ON CLUSTER '{cluster}'
AS analytics.clicks_local
ENGINE = Distributed('{cluster}', analytics, clicks_local, cityHash64(click_id));

-- a glob pattern: '*' and '/' inside strings, and '/*' too
INSERT INTO analytics.clicks SELECT * FROM s3('https://bucket.s3.amazonaws.com/clicks/2024/*/*.parquet', 'Parquet');
