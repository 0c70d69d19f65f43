-- settings: {"postgresVersion": 10}
-- expect: adding-field-with-default@3, adding-field-with-default@4
ALTER TABLE warehouses ADD COLUMN active boolean NOT NULL DEFAULT true;
ALTER TABLE warehouses ADD COLUMN created_at timestamptz DEFAULT now();
ALTER TABLE warehouses ADD COLUMN note text DEFAULT NULL;
