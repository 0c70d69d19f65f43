-- expect: prefer-bigint-over-int@4
-- The type is chosen when the table is created, so new tables are not exempt.
BEGIN;
CREATE TABLE shipments (id integer PRIMARY KEY);
COMMIT;
