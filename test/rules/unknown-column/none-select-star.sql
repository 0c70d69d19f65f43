-- CREATE TABLE AS SELECT * from a function: its columns are unknown to the model.
-- before: CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- before: CREATE TABLE snapshot AS SELECT * FROM generate_report();
-- expect: none
ALTER TABLE snapshot ALTER COLUMN total SET NOT NULL;
