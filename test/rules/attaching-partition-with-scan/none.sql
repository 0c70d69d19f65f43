-- expect: none
-- the recipe: CHECK NOT VALID, VALIDATE, ATTACH, DROP CHECK
ALTER TABLE measurements_2026 ADD CONSTRAINT bound CHECK (taken_at >= '2026-01-01' AND taken_at < '2027-01-01') NOT VALID;
ALTER TABLE measurements_2026 VALIDATE CONSTRAINT bound;
ALTER TABLE measurements ATTACH PARTITION measurements_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
ALTER TABLE measurements_2026 DROP CONSTRAINT bound;
-- a new, empty partition
CREATE TABLE measurements_2027 (LIKE measurements);
ALTER TABLE measurements ATTACH PARTITION measurements_2027 FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
CREATE TABLE measurements_2028 PARTITION OF measurements FOR VALUES FROM ('2028-01-01') TO ('2029-01-01');
ALTER TABLE measurements DETACH PARTITION measurements_2020 CONCURRENTLY;
