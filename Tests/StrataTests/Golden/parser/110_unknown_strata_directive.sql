-- strata:allow-everything
-- migrate:up
CREATE TABLE t (x INTEGER);
