-- strata:allow-destructive
-- description: Drop the legacy table
-- migrate:up
DROP TABLE legacy;
