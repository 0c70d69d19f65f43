-- Up Migration
CREATE INDEX CONCURRENTLY tags_label_idx ON tags (label);

-- Down Migration
DROP INDEX tags_label_idx;
