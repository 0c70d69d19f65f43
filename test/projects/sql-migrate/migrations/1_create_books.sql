-- +migrate Up
CREATE TABLE books (
    id serial PRIMARY KEY,
    title text NOT NULL,
    isbn text
);

-- +migrate Down
DROP TABLE books;
