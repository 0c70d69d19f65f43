-- expect: ban-vacuum-full@2, ban-vacuum-full@3, ban-vacuum-full@4, ban-vacuum-full@5
VACUUM FULL shipments;
VACUUM (FULL, ANALYZE) shipments, warehouses;
VACUUM (FULL true) public.shipments;
VACUUM FULL;
