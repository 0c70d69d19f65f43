-- expect: none
-- safeshift-ignore require-concurrent-index-creation -- built during the maintenance window
CREATE INDEX warehouses_city_idx ON warehouses (city);
