-- +migrate Up notransaction
CREATE INDEX CONCURRENTLY books_isbn_idx ON books (isbn);

-- +migrate Down
DROP INDEX CONCURRENTLY books_isbn_idx;
