-- A SELECT of a user function may run any DDL on the table it names.
-- before: CREATE TABLE users (id bigserial PRIMARY KEY, email text);
-- before: SELECT add_audit_columns('users');
-- expect: none
ALTER TABLE users ALTER COLUMN emial SET NOT NULL;
