-- expect: none
-- settings: {"assumeInTransaction": true}
UPDATE warehouses SET region = 'eu' WHERE region IS NULL AND id BETWEEN 1 AND 10000;
CREATE TABLE scratch (id bigint, qty int);
UPDATE scratch SET qty = 0;
