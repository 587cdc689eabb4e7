-- Description: Capitals in markers and directives
-- STRATA:allow-destructive
-- MIGRATE:UP
CREATE TABLE t (x INTEGER);
-- Migrate:Down transaction:false
DROP TABLE t;
