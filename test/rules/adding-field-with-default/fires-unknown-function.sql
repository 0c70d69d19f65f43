-- expect: adding-field-with-default@3, adding-field-with-default@4
-- A function that is not built in is volatile unless declared otherwise, which the file does not show.
ALTER TABLE warehouses ADD COLUMN code text DEFAULT make_code();
ALTER TABLE warehouses ADD COLUMN ts timestamptz DEFAULT app.now();
