-- description: one
-- description: two
-- migrate:up
CREATE TABLE t (x INTEGER);
