-- migrate:up transaction:maybe
CREATE TABLE t (x INTEGER);
