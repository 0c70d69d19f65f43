-- expect: adding-column-with-rewrite@4
-- settings: {"assumeInTransaction": true, "rules": {"adding-field-with-default": "off"}}
BEGIN;
ALTER TABLE stock ADD COLUMN ext_id bigint GENERATED ALWAYS AS IDENTITY;
COMMIT;
