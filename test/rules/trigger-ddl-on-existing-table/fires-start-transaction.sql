-- expect: trigger-ddl-on-existing-table@3
START TRANSACTION;
ALTER TABLE stock ADD COLUMN note text, DISABLE TRIGGER USER;
COMMIT;
