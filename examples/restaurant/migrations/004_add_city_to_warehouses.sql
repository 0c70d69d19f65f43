-- Suppliers deliver by city, so warehouses need an address and an index for the join.
-- Written the quick way: every statement here locks a table that is in use.
ALTER TABLE warehouses ADD COLUMN city text NOT NULL;
ALTER TABLE warehouses ADD COLUMN state text;

CREATE INDEX warehouses_city_state_idx ON warehouses (city, state);

ALTER TABLE stock RENAME COLUMN on_hand TO quantity_on_hand;
