-- Ticket ANALYTICS-42: the symbols dimension.
-- Reviewed by data-platform.

-- description: Symbols dimension
-- migrate:up
-- a comment inside the section is SQL's business
CREATE TABLE symbols (symbol VARCHAR PRIMARY KEY, name VARCHAR);
-- migrate:down
DROP TABLE symbols;
