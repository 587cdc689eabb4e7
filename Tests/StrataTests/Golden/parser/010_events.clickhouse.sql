-- migrate:up
CREATE TABLE events (ts DateTime, id UInt64) ENGINE = MergeTree ORDER BY (ts, id);
-- migrate:down
DROP TABLE events;
