-- expect: renaming-schema@3
BEGIN;
ALTER SCHEMA billing RENAME TO invoicing;
COMMIT;
