-- migrate:up
CREATE TABLE a (x INTEGER);
CREATE TABLE b (y INTEGER);
-- migrate:down
DROP TABLE b;
DROP TABLE a;
