-- expect: none
-- squawk-ignore adding-not-nullable-field
ALTER TABLE warehouses ALTER COLUMN city SET NOT NULL;
