-- migrate:up
INSERT INTO accounts (owner) VALUES ('system');

-- migrate:down
DELETE FROM accounts WHERE owner = 'system';
