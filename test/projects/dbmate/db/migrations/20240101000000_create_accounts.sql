-- migrate:up
CREATE TABLE accounts (
    id bigserial PRIMARY KEY,
    owner text NOT NULL,
    balance_cents bigint NOT NULL DEFAULT 0
);

-- migrate:down
DROP TABLE accounts;
