-- expect: require-concurrent-matview-refresh@3
-- settings: {"assumeInTransaction": true}
REFRESH MATERIALIZED
  VIEW daily_stock;
