-- expect: set-tablespace-or-access-method@3
BEGIN;
ALTER TABLE events SET ACCESS METHOD DEFAULT;
COMMIT;
