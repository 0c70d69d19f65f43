-- settings: {"postgresVersion": 19, "rules": {"prefer-repack": "off"}}
-- expect: ban-vacuum-full@3
VACUUM FULL shipments;
