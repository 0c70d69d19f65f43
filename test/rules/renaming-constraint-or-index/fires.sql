-- expect: renaming-constraint-or-index@2, renaming-constraint-or-index@3
ALTER TABLE users RENAME CONSTRAINT users_email_key TO users_email_unique;
ALTER INDEX users_created_idx RENAME TO users_created_at_idx;
