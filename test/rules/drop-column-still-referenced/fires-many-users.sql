-- before: CREATE TABLE users (id bigint PRIMARY KEY, email text UNIQUE, tenant_id bigint, updated_at timestamptz);
-- before: CREATE INDEX users_tenant_email_idx ON users (tenant_id, email);
-- before: CREATE TABLE invites (id bigint PRIMARY KEY, email text REFERENCES users (email));
-- before: CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at = now(); RETURN NEW; END $$;
-- before: CREATE TRIGGER users_touch BEFORE UPDATE OF email ON users FOR EACH ROW EXECUTE FUNCTION touch();
-- expect: drop-column-still-referenced@7
ALTER TABLE users DROP COLUMN email CASCADE;
ALTER TABLE users DROP COLUMN tenant_id;
