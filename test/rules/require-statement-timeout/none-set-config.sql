-- expect: none
SELECT set_config('statement_timeout', '10min', false);
ALTER TABLE warehouses ADD COLUMN city text;
