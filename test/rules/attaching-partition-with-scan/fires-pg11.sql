-- expect: attaching-partition-with-scan@5
-- settings: {"postgresVersion": 11, "assumeInTransaction": true}
-- a NOT VALID check that was never validated proves nothing
ALTER TABLE measurements_2026 ADD CONSTRAINT bound CHECK (taken_at >= '2026-01-01' AND taken_at < '2027-01-01') NOT VALID;
ALTER TABLE measurements ATTACH PARTITION measurements_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
