-- A table of that name exists in another schema: the real search_path may find it.
-- before: CREATE SCHEMA app;
-- before: CREATE TABLE app.users (id bigint PRIMARY KEY);
-- expect: none
ALTER TABLE users ADD COLUMN name text;
