-- settings: {"assumeInTransaction": true}
-- expect: prefer-robust-stmts@4
-- CREATE INDEX CONCURRENTLY never runs in a transaction, so it is re-run as is
CREATE INDEX CONCURRENTLY shipments_city_idx ON shipments (city);
