-- expect: require-concurrent-matview-refresh@2, require-concurrent-matview-refresh@4
REFRESH MATERIALIZED VIEW daily_stock;
BEGIN;
refresh materialized view reporting.daily_stock WITH DATA;
COMMIT;
