-- migrate:up
-- description: too late
CREATE TABLE t (x INTEGER);
