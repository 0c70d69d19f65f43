-- expect: none
-- opt-in: off unless enabled in the configuration
BEGIN;
ALTER TABLE orders ADD COLUMN region text;
COMMIT;
