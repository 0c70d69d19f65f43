-- settings: {"postgresVersion": 18}
-- expect: ban-vacuum-full@3
VACUUM FULL shipments;
