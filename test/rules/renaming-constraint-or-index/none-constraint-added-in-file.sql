-- expect: none
ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0) NOT VALID;
ALTER TABLE users RENAME CONSTRAINT users_age_check TO users_age_non_negative;
