-- migrate:up
CREATE TABLE t (x INTEGER);
-- migrate:sideways
DROP TABLE t;
