-- expect: attaching-partition-with-scan@4
-- settings: {"postgresVersion": 12}
BEGIN;
ALTER TABLE measurements ATTACH PARTITION measurements_2026 FOR VALUES IN (2026);
COMMIT;
