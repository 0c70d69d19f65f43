-- expect: renaming-table@3
BEGIN;
ALTER TABLE "Kitchen".stock RENAME TO "Inventory"; -- the app reads "Kitchen".stock
COMMIT;
