-- A DO block that only updates rows hides nothing about the table's columns.
-- before: CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- before: DO $$ BEGIN UPDATE users SET email = lower(email); END $$;
-- expect: unknown-column@5
ALTER TABLE users ALTER COLUMN emial SET NOT NULL;
