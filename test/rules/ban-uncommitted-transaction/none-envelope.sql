-- settings: {"assumeInTransaction": true}
-- expect: none
-- The migration tool commits the transaction it wraps the file in.
BEGIN;
ALTER TABLE warehouses ADD COLUMN city text;
