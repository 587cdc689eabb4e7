-- migrate:up
CREATE TABLE t (x INTEGER);
-- migrate:up
CREATE TABLE u (x INTEGER);
