-- migrate:up
-- TODO

-- migrate:down
DROP TABLE t;
