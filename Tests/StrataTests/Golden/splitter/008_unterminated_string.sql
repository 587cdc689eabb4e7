-- 008: a string that is never closed swallows the rest of the script.
CREATE TABLE analytics.notes (id UInt64, note String) ENGINE = MergeTree ORDER BY id;

INSERT INTO analytics.notes VALUES (1, 'fine'), (2, 'broken);

-- everything below is inside the string above
INSERT INTO analytics.notes VALUES (3, 'never reached');
DROP TABLE analytics.notes;
