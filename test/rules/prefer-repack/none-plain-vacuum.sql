-- settings: {"postgresVersion": 19}
-- expect: none
VACUUM shipments;
VACUUM (ANALYZE) shipments;
ANALYZE shipments;
