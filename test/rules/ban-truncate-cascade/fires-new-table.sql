-- expect: ban-truncate-cascade@4
-- Tables elsewhere may still reference a new table.
CREATE TABLE staging (id bigint PRIMARY KEY);
TRUNCATE staging CASCADE;
