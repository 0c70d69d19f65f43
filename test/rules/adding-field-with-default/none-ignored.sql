-- expect: none
-- squawk-ignore adding-field-with-default
ALTER TABLE warehouses ADD COLUMN token uuid DEFAULT gen_random_uuid();
