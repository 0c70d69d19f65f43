-- expect: none
CREATE TABLE shipments_copy (id bigint);
VACUUM FULL shipments_copy;
