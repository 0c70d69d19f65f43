-- expect: require-statement-timeout@7
BEGIN;
SET LOCAL statement_timeout = '1min';
COMMIT;
-- SET LOCAL ended with the transaction above
BEGIN;
DROP INDEX warehouses_city_idx;
COMMIT;
