-- expect: none
ALTER TABLE warehouses ADD COLUMN city text NOT NULL DEFAULT '';
ALTER TABLE warehouses ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
