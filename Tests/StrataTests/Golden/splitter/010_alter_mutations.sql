-- 010: schema changes and mutations with operators that look like comments.
ALTER TABLE analytics.events
    ADD COLUMN IF NOT EXISTS `discount` Decimal(18, 4) DEFAULT 0 AFTER amount,
    ADD COLUMN IF NOT EXISTS `tags` Array(String) DEFAULT [],
    MODIFY COLUMN `payload` String CODEC(ZSTD(6)),
    COMMENT COLUMN `amount` 'gross amount; before discount';

ALTER TABLE analytics.events MODIFY TTL toDateTime(occurred_at) + INTERVAL 180 DAY;

-- lambdas (->), negation (-), division (/) and multiplication (*) are not comments
ALTER TABLE analytics.events
    UPDATE amount = -amount * 1 / 100, tags = arrayMap(t -> lower(t), tags)
    WHERE event_type = 'refund' AND amount > -0.5e-3
SETTINGS mutations_sync = 2;

ALTER TABLE analytics.events DELETE WHERE tenant_id IN (SELECT tenant_id FROM analytics.tenants WHERE status = 'deleted');

ALTER TABLE analytics.events MATERIALIZE TTL IN PARTITION 202401
