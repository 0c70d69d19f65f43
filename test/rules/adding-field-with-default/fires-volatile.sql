-- expect: adding-field-with-default@2, adding-field-with-default@3, adding-field-with-default@4, adding-field-with-default@5, adding-field-with-default@6
ALTER TABLE warehouses ADD COLUMN token uuid DEFAULT gen_random_uuid();
ALTER TABLE warehouses ADD COLUMN weight float8 DEFAULT random();
ALTER TABLE warehouses ADD COLUMN seen_at timestamptz DEFAULT clock_timestamp();
ALTER TABLE warehouses ADD COLUMN seq bigint DEFAULT nextval('warehouses_seq');
ALTER TABLE warehouses ADD COLUMN label text DEFAULT 'w-' || (random() * 100)::int::text;
