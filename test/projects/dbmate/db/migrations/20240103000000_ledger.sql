-- Two up/down pairs in one file (dbmate 2.29 and later).
-- migrate:up
CREATE TABLE ledger (
    id bigserial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id),
    amount_cents bigint NOT NULL
);

-- migrate:down
DROP TABLE ledger;

-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY ledger_account_idx ON ledger (account_id);

-- migrate:down
DROP INDEX ledger_account_idx;
