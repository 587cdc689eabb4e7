-- 006: the last statement of a section may omit its semicolon.
CREATE TABLE analytics.flags (name String, enabled Bool) ENGINE = MergeTree ORDER BY name;

INSERT INTO analytics.flags VALUES ('dark_mode', true), ('beta;users', false)

-- trailing comment after a statement without a semicolon
