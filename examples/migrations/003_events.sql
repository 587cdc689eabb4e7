-- description: Raw events with a JSON payload, in UTC
-- migrate:up
CREATE TABLE events (
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    kind        VARCHAR     NOT NULL,
    payload     JSON
);
CREATE INDEX events_kind ON events (kind);

-- migrate:down
DROP INDEX events_kind;
DROP TABLE events;
