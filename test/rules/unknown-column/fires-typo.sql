-- before: CREATE TABLE users (id bigint PRIMARY KEY, email text, created_at timestamptz);
-- expect: unknown-column@3, unknown-column@4, unknown-column@5, unknown-column@6, unknown-column@7, unknown-column@8
ALTER TABLE users ALTER COLUMN emial SET NOT NULL;
UPDATE users SET emial = lower(email);
CREATE INDEX users_created_idx ON users (created);
ALTER TABLE users RENAME COLUMN emails TO address;
CREATE TABLE sessions (id bigint PRIMARY KEY, user_email text REFERENCES users (mail));
INSERT INTO users (id, emial) VALUES (1, 'a@example.com');
