-- settings: {"rules": {"renaming-constraint-or-index": "off"}}
-- expect: none
ALTER TABLE users RENAME CONSTRAINT users_email_key TO users_email_unique;
