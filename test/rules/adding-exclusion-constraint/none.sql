-- expect: none
BEGIN;
CREATE TABLE rooms (id bigint, during tstzrange);
ALTER TABLE rooms ADD CONSTRAINT rooms_no_overlap EXCLUDE USING gist (during WITH &&);
COMMIT;
CREATE TABLE slots (during tstzrange, EXCLUDE USING gist (during WITH &&));
ALTER TABLE bookings DROP CONSTRAINT bookings_no_overlap;
