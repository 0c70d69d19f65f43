-- +migrate Up
ALTER TABLE books ADD COLUMN search tsvector;

-- +migrate StatementBegin
CREATE FUNCTION books_search_update() RETURNS trigger AS $$
BEGIN
    NEW.search := to_tsvector('simple', NEW.title);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
-- +migrate StatementEnd

-- +migrate Down
DROP FUNCTION books_search_update();
ALTER TABLE books DROP COLUMN search;
