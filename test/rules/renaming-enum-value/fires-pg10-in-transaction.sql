-- settings: {"postgresVersion": 10}
-- expect: renaming-enum-value@4
BEGIN;
ALTER TYPE order_status RENAME VALUE 'done' TO 'completed';
COMMIT;
