-- expect: set-tablespace-or-access-method@2, set-tablespace-or-access-method@3, set-tablespace-or-access-method@4, set-tablespace-or-access-method@5, set-tablespace-or-access-method@6
ALTER TABLE events SET TABLESPACE fast_ssd;
ALTER INDEX events_created_idx SET TABLESPACE fast_ssd;
ALTER MATERIALIZED VIEW daily_totals SET TABLESPACE fast_ssd;
ALTER TABLE events SET ACCESS METHOD heap2;
ALTER TABLE ALL IN TABLESPACE slow_disk SET TABLESPACE fast_ssd;
