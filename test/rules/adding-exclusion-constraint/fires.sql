-- expect: adding-exclusion-constraint@2, adding-exclusion-constraint@3
ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&);
ALTER TABLE bookings ADD COLUMN note text, ADD EXCLUDE (room_id WITH =) WHERE (active);
