-- expect: adding-column-with-rewrite@4, adding-field-with-default@4
-- settings: {"postgresVersion": 18}
START TRANSACTION;
ALTER TABLE stock ADD COLUMN total numeric GENERATED ALWAYS AS (qty * price) STORED NOT NULL;
COMMIT;
