-- expect: none
START TRANSACTION;
CREATE TABLE events_2027 (id bigint);
ALTER TABLE events_2027 SET TABLESPACE fast_ssd;
CREATE INDEX events_2027_id_idx ON events_2027 (id);
ALTER INDEX events_2027_id_idx SET TABLESPACE fast_ssd;
ALTER TABLE events_2027 SET ACCESS METHOD heap;
COMMIT;
