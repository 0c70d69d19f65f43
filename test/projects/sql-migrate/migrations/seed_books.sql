-- +migrate Up
INSERT INTO books (title) VALUES ('Dune');

-- +migrate Down
DELETE FROM books WHERE title = 'Dune';
