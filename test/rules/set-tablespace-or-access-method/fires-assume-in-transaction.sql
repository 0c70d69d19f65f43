-- settings: {"assumeInTransaction": true}
-- expect: set-tablespace-or-access-method@3
ALTER TABLE events ADD COLUMN note text, SET TABLESPACE fast_ssd;
