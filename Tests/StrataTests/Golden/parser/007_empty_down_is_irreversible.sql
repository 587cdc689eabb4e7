-- migrate:up
CREATE TABLE t (x INTEGER);
-- migrate:down
-- nothing can undo this

