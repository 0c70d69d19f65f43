-- expect: adding-field-with-default@3, adding-field-with-default@4
ALTER TABLE warehouses
  ADD COLUMN code bigint GENERATED ALWAYS AS IDENTITY,
  ADD COLUMN area numeric GENERATED ALWAYS AS (width * depth) STORED,
  ADD COLUMN note text DEFAULT '';
