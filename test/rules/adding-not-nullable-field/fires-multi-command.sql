-- expect: adding-not-nullable-field@3, adding-not-nullable-field@5
ALTER TABLE warehouses
  ALTER COLUMN city SET NOT NULL,
  ALTER COLUMN name SET DEFAULT '',
  ALTER state SET NOT NULL;
