-- migrate:up transactions:false
CREATE TABLE t (x INTEGER);
