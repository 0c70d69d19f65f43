-- expect: none
CREATE TABLE parcels (id bigint, weight integer CHECK (weight > 0));
ALTER TABLE parcels ADD CONSTRAINT parcels_weight_max CHECK (weight < 1000);
ALTER TABLE parcels ALTER COLUMN weight TYPE bigint;
