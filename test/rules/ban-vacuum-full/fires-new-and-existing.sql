-- expect: ban-vacuum-full@3
CREATE TABLE shipments_copy (id bigint);
VACUUM FULL shipments_copy, shipments;
