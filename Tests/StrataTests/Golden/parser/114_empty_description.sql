-- description:
-- migrate:up
CREATE TABLE t (x INTEGER);
