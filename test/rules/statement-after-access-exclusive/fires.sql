-- expect: statement-after-access-exclusive@4
BEGIN;
ALTER TABLE warehouses ADD COLUMN region text;
UPDATE stock SET checked = true WHERE checked IS NULL;
UPDATE stock SET checked = false WHERE checked IS NULL;
COMMIT;
