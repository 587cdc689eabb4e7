-- description: Symbols dimension with an auto-increment id
-- migrate:up
CREATE SEQUENCE symbols_id_seq START 1;
CREATE TABLE symbols (
    id      INTEGER DEFAULT nextval('symbols_id_seq') PRIMARY KEY,
    symbol  VARCHAR NOT NULL UNIQUE,
    name    VARCHAR NOT NULL
);
INSERT INTO symbols (symbol, name) VALUES ('ACME', 'Acme Corp'), ('INIT', 'Initech');

-- migrate:down
DROP TABLE symbols;
DROP SEQUENCE symbols_id_seq;
