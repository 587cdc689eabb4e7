-- migrate:up
INSERT INTO cities VALUES ('München');
