-- expect: ban-concurrent-index-creation-in-transaction@2
START TRANSACTION; CREATE INDEX CONCURRENTLY warehouses_city_idx ON warehouses (city); END;
