-- settings: {"assumeInTransaction": true}
-- expect: none
ALTER TABLE shipments ADD COLUMN city text;
DROP INDEX shipments_state_idx;
