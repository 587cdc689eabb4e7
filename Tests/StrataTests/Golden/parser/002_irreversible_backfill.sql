-- migrate:up
INSERT INTO prices SELECT 'ACME', DATE '2026-01-01', 1.5;
