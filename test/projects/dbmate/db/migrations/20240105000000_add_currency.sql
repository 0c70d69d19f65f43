-- migrate:up
ALTER TABLE accounts ADD COLUMN currency char(3) NOT NULL DEFAULT 'EUR';
