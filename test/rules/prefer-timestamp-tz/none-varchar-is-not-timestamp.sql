-- expect: none
-- Squawk reports these under prefer-timestamptz (a slip in its code): they are varchar.
CREATE TABLE shipments (id bigint, code "varchar"(10), label pg_catalog.varchar(20));
