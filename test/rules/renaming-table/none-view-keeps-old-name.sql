-- expect: none
BEGIN;
ALTER TABLE stock RENAME TO inventory;
CREATE VIEW stock AS SELECT * FROM inventory;
COMMIT;
