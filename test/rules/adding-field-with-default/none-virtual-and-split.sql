-- settings: {"postgresVersion": 18}
-- expect: none
ALTER TABLE warehouses ADD COLUMN area numeric GENERATED ALWAYS AS (width * depth) VIRTUAL;
ALTER TABLE warehouses ADD COLUMN token uuid;
ALTER TABLE warehouses ALTER COLUMN token SET DEFAULT gen_random_uuid();
