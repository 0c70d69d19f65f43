-- settings: {"assumeInTransaction": true}
-- expect: none
SAVEPOINT before_city;
ALTER TABLE warehouses ADD COLUMN city text;
RELEASE SAVEPOINT before_city;
