-- expect: ban-drop-cascade@2, ban-drop-cascade@3, ban-drop-cascade@4, ban-drop-cascade@5
DROP TYPE stock_status CASCADE;
DROP MATERIALIZED VIEW IF EXISTS daily_stock CASCADE;
DROP FUNCTION stock_total(bigint) CASCADE;
DROP VIEW stock_view cascade;
