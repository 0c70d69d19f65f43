-- settings: {"assumeInTransaction": true}
-- expect: none
-- Alone in its file: tools that wrap files (Flyway) run it without a transaction.
CREATE INDEX CONCURRENTLY warehouses_city_idx ON warehouses (city);
