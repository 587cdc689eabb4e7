-- description: Daily prices by symbol
-- migrate:up
CREATE TABLE prices (
    symbol  VARCHAR NOT NULL,
    day     DATE    NOT NULL,
    open    DOUBLE,
    close   DOUBLE,
    volume  BIGINT,
    PRIMARY KEY (symbol, day)
);

-- migrate:down
DROP TABLE prices;
