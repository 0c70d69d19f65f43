-- before: CREATE EXTENSION postgis;
-- before: CREATE TABLE places (id bigint PRIMARY KEY);
-- expect: none
DELETE FROM spatial_ref_sys WHERE srid = 900913;
