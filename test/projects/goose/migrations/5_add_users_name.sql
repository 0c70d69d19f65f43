-- +goose Up
ALTER TABLE users ADD COLUMN name text;

-- +goose Down
ALTER TABLE users DROP COLUMN name;
