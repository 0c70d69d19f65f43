ALTER TABLE posts ADD COLUMN slug text;
CREATE INDEX CONCURRENTLY posts_slug_idx ON posts (slug);
