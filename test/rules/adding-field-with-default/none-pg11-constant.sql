-- settings: {"postgresVersion": 11}
-- expect: none
-- From PostgreSQL 11.0 a non-volatile default is stored in the catalog: no rewrite.
ALTER TABLE warehouses ADD COLUMN active boolean NOT NULL DEFAULT true;
ALTER TABLE warehouses ADD COLUMN created_at timestamptz DEFAULT now();
