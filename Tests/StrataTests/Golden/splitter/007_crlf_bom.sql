-- 007: saved on Windows: BOM and CRLF line endings.
CREATE TABLE analytics.devices
(
    device_id UInt64,
    model String -- e.g. 'Surface; Pro'
)
ENGINE = MergeTree
ORDER BY device_id;

INSERT INTO analytics.devices VALUES
    (1, 'Surface
Pro'),
    (2, 'ThinkPad; X1');

/* closing remark
   on two lines */
OPTIMIZE TABLE analytics.devices FINAL
