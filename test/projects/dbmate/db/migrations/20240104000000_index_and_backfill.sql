-- migrate:up transaction:false
UPDATE accounts SET owner = lower(owner);
CREATE INDEX CONCURRENTLY accounts_owner_lower_idx ON accounts (lower(owner));

-- migrate:down
DROP INDEX accounts_owner_lower_idx;
