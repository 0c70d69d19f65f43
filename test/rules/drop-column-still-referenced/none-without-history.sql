-- expect: none
CREATE TABLE users (id bigint PRIMARY KEY, email text);
CREATE VIEW user_emails AS SELECT email FROM users;
ALTER TABLE users DROP COLUMN email;
