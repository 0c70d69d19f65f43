-- A SELECT of built-in functions hides nothing about the table it names.
-- before: CREATE TABLE users (id bigserial PRIMARY KEY, email text);
-- before: SELECT setval(pg_get_serial_sequence('users', 'id'), 1000);
-- expect: unknown-column@5
ALTER TABLE users ALTER COLUMN emial SET NOT NULL;
