-- expect: none
CREATE TABLE scratch AS SELECT id FROM warehouses;
DROP TABLE scratch;
