-- expect: none
VACUUM shipments;
VACUUM (ANALYZE) shipments;
VACUUM (FULL false) shipments;
VACUUM (FULL off, ANALYZE) shipments;
ANALYZE shipments;
