-- description: Daily returns per symbol, and events per day in Europe/Berlin
-- migrate:up
CREATE VIEW daily_returns AS
SELECT symbol, day, (close - open) / nullif(open, 0) AS return
FROM prices;

CREATE VIEW events_per_berlin_day AS
SELECT date_trunc('day', received_at AT TIME ZONE 'Europe/Berlin') AS berlin_day,
       kind,
       count(*) AS events,
       count(json_extract_string(payload, '$.user')) AS with_user
FROM events
GROUP BY ALL;

-- migrate:down
DROP VIEW events_per_berlin_day;
DROP VIEW daily_returns;
