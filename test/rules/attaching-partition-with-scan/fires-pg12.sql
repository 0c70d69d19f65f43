-- expect: attaching-partition-with-scan@4, attaching-partition-with-scan@9
-- settings: {"postgresVersion": 12}
BEGIN;
ALTER TABLE measurements ATTACH PARTITION measurements_2026 FOR VALUES IN (2026);
COMMIT;
-- validating a foreign key proves nothing about the bound
ALTER TABLE measurements_2027 ADD CONSTRAINT m_fk FOREIGN KEY (station_id) REFERENCES stations (id) NOT VALID;
ALTER TABLE measurements_2027 VALIDATE CONSTRAINT m_fk;
ALTER TABLE measurements ATTACH PARTITION measurements_2027 FOR VALUES IN (2027);
