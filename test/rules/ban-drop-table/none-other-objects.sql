-- expect: none
DROP VIEW legacy_stock_view;
DROP INDEX CONCURRENTLY IF EXISTS legacy_idx;
DROP SEQUENCE legacy_seq;
