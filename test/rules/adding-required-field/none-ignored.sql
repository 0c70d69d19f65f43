-- expect: none
-- safeshift-ignore adding-required-field -- the table is empty in every environment
ALTER TABLE warehouses ADD COLUMN city text NOT NULL;
