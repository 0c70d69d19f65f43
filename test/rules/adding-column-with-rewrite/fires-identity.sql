-- expect: adding-column-with-rewrite@4, adding-field-with-default@4
-- settings: {"assumeInTransaction": true}
BEGIN;
ALTER TABLE stock ADD COLUMN ext_id bigint GENERATED ALWAYS AS IDENTITY;
COMMIT;
