-- expect: none
BEGIN;
CREATE TABLE accounts (id bigint, email text CONSTRAINT accounts_email_key UNIQUE);
ALTER TABLE accounts RENAME CONSTRAINT accounts_email_key TO accounts_email_unique;
COMMIT;
CREATE INDEX CONCURRENTLY users_city_idx ON users (city);
ALTER INDEX users_city_idx RENAME TO users_town_idx;
