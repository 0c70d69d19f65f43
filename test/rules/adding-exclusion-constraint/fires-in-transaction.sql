-- expect: adding-exclusion-constraint@4
-- settings: {"assumeInTransaction": true}
SET LOCAL lock_timeout = '2s';
ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (during WITH &&);
