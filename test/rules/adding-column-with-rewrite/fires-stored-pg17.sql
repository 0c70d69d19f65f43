-- expect: adding-column-with-rewrite@3, adding-field-with-default@3
-- settings: {"postgresVersion": 17}
ALTER TABLE stock ADD COLUMN total numeric GENERATED ALWAYS AS (qty * price) STORED;
