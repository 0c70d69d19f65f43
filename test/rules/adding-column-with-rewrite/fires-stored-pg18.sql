-- expect: adding-column-with-rewrite@4
-- settings: {"postgresVersion": 18, "rules": {"adding-field-with-default": "off"}}
START TRANSACTION;
ALTER TABLE stock ADD COLUMN total numeric GENERATED ALWAYS AS (qty * price) STORED NOT NULL;
COMMIT;
