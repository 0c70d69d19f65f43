-- expect: adding-column-with-rewrite@3
-- settings: {"postgresVersion": 17, "rules": {"adding-field-with-default": "off"}}
ALTER TABLE stock ADD COLUMN total numeric GENERATED ALWAYS AS (qty * price) STORED;
