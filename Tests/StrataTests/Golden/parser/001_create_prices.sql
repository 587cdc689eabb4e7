-- description: Prices by symbol and day
-- migrate:up
CREATE TABLE prices (
    symbol VARCHAR NOT NULL,
    day DATE NOT NULL,
    close DOUBLE
);

-- migrate:down
DROP TABLE prices;
