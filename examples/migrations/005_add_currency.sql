-- description: Prices carry their currency
-- migrate:up
ALTER TABLE prices ADD COLUMN currency VARCHAR DEFAULT 'USD';

-- migrate:down
ALTER TABLE prices DROP COLUMN currency;
