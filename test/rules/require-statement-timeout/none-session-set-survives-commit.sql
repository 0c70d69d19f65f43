-- expect: none
BEGIN;
SET statement_timeout = '1min';
COMMIT;
-- a session-level SET outlives the transaction it ran in
BEGIN;
DROP INDEX warehouses_city_idx;
COMMIT;
