-- expect: none
CREATE TABLE scratch (id bigint);
DROP TABLE scratch CASCADE;
DROP TYPE stock_status;
DROP VIEW IF EXISTS stock_view RESTRICT;
DROP VIEW "cascade";
