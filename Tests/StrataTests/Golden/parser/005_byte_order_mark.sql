-- migrate:up
CREATE TABLE bom (x INTEGER);
