-- expect: none
SET statement_timeout = '15min';
SELECT set_config('lock_timeout', '2s', false);
ALTER TABLE warehouses ADD COLUMN city text;
